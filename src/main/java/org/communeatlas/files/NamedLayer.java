package org.communeatlas.files;

/** What every importable layer states the same way: its name, its table and the shape of its geometry. */
abstract class NamedLayer implements FileLayer {

    private final String name;
    private final String table;
    private final Shape shape;

    NamedLayer(String name, String table, Shape shape) {
        this.name = name;
        this.table = table;
        this.shape = shape;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String table() {
        return table;
    }

    @Override
    public final Shape shape() {
        return shape;
    }
}
