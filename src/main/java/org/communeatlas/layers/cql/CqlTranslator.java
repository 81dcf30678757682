package org.communeatlas.layers.cql;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.Layer.Property;
import org.communeatlas.layers.Layer.Type;
import org.communeatlas.core.InvalidInputException;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Parses a CQL2 text filter with the ANTLR grammar {@code Cql2.g4} and translates it into a SQL condition
 * over a layer: property names resolve to the layer's own SQL expressions, every literal becomes a bound
 * parameter of the right Java type, and operands are type-checked so that a mismatch is a 400 naming the
 * problem rather than a database error.
 */
public final class CqlTranslator {

    /** The name of the geometry in filters, as in the queryables. */
    public static final String GEOMETRY = "geometry";
    private static final int MAX_NESTING = 50;

    private final Map<String, Property> queryables;
    private final String geometryExpr;

    /**
     * @param queryables   the properties this caller may filter on, by name
     * @param geometryExpr SQL of the layer's WGS 84 geometry
     */
    public CqlTranslator(Map<String, Property> queryables, String geometryExpr) {
        this.queryables = queryables;
        this.geometryExpr = geometryExpr;
    }

    public static CqlTranslator forLayer(Layer layer, List<Property> queryables) {
        return new CqlTranslator(queryables.stream().collect(Collectors.toMap(Property::name, p -> p, (a, b) -> a,
                java.util.LinkedHashMap::new)), Layer.GEOM);
    }

    public SqlFragment translate(String text) {
        Cql2Lexer lexer = new Cql2Lexer(CharStreams.fromString(text));
        Cql2Parser parser = new Cql2Parser(new CommonTokenStream(lexer));
        BaseErrorListener fail = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String msg,
                                    RecognitionException e) {
                throw invalid("syntax error at character " + (column + 1) + ": " + msg);
            }
        };
        lexer.removeErrorListeners();
        lexer.addErrorListener(fail);
        parser.removeErrorListeners();
        parser.addErrorListener(fail);
        Cql2Parser.FilterContext tree = parser.filter();
        if (depth(tree) > MAX_NESTING) {
            throw invalid("nested more than " + MAX_NESTING + " levels deep");
        }
        return new Visitor(text).visitFilter(tree).fragment();
    }

    private static int depth(ParserRuleContext ctx) {
        int max = 0;
        for (int i = 0; i < ctx.getChildCount(); i++) {
            if (ctx.getChild(i) instanceof ParserRuleContext child) {
                max = Math.max(max, depth(child));
            }
        }
        return max + 1;
    }

    static InvalidInputException invalid(String detail) {
        return InvalidInputException.field("filter", detail);
    }

    /** A translated piece: SQL, its parameters, and the value type it yields (null for conditions). */
    private record Operand(String sql, List<Object> params, Type type, boolean property) {
        SqlFragment fragment() {
            return new SqlFragment(sql, params);
        }

        static Operand condition(String sql, List<Object> params) {
            return new Operand(sql, params, Type.BOOLEAN, false);
        }
    }

    private final class Visitor extends Cql2BaseVisitor<Operand> {

        private final String source;

        Visitor(String source) {
            this.source = source;
        }

        @Override
        public Operand visitFilter(Cql2Parser.FilterContext ctx) {
            return visit(ctx.booleanExpression());
        }

        @Override
        public Operand visitBooleanExpression(Cql2Parser.BooleanExpressionContext ctx) {
            return join(ctx.booleanTerm(), " OR ");
        }

        @Override
        public Operand visitBooleanTerm(Cql2Parser.BooleanTermContext ctx) {
            return join(ctx.booleanFactor(), " AND ");
        }

        private Operand join(List<? extends ParserRuleContext> parts, String operator) {
            if (parts.size() == 1) {
                return visit(parts.get(0));
            }
            List<String> sql = new ArrayList<>();
            List<Object> params = new ArrayList<>();
            for (ParserRuleContext part : parts) {
                Operand o = visit(part);
                sql.add("(" + o.sql() + ")");
                params.addAll(o.params());
            }
            return Operand.condition(String.join(operator, sql), params);
        }

        @Override
        public Operand visitBooleanFactor(Cql2Parser.BooleanFactorContext ctx) {
            Operand inner = visit(ctx.booleanPrimary());
            return ctx.NOT() == null ? inner : Operand.condition("NOT (" + inner.sql() + ")", inner.params());
        }

        @Override
        public Operand visitBooleanPrimary(Cql2Parser.BooleanPrimaryContext ctx) {
            if (ctx.predicate() != null) {
                return visit(ctx.predicate());
            }
            if (ctx.booleanLiteral() != null) {
                return Operand.condition(ctx.booleanLiteral().TRUE() != null ? "true" : "false", List.of());
            }
            return visit(ctx.booleanExpression());
        }

        @Override
        public Operand visitPredicate(Cql2Parser.PredicateContext ctx) {
            return visit(ctx.getChild(0));
        }

        @Override
        public Operand visitBinaryComparisonPredicate(Cql2Parser.BinaryComparisonPredicateContext ctx) {
            Operand left = visit(ctx.scalarExpression(0));
            Operand right = visit(ctx.scalarExpression(1));
            requireComparable(left, right, ctx.getText());
            String op = ctx.comparisonOperator().getText();
            if (left.type() == Type.BOOLEAN && !op.equals("=") && !op.equals("<>")) {
                throw invalid("booleans can only be compared with = and <>");
            }
            return Operand.condition(left.sql() + " " + op + " " + right.sql(), concat(left.params(), right.params()));
        }

        @Override
        public Operand visitIsLikePredicate(Cql2Parser.IsLikePredicateContext ctx) {
            Operand property = visit(ctx.propertyName());
            if (property.type() != Type.STRING) {
                throw invalid("LIKE needs a text property; '" + ctx.propertyName().getText() + "' is " + describe(property.type()));
            }
            Operand pattern = visit(ctx.characterLiteral());
            if (pattern.params().size() == 1 && pattern.params().get(0) instanceof String text && endsWithEscape(text)) {
                // PostgreSQL refuses a pattern that ends with its escape character; say so before it does
                throw invalid("a LIKE pattern cannot end with the escape character \\; write \\\\ for a backslash");
            }
            String not = ctx.NOT() != null ? "NOT " : "";
            return Operand.condition(property.sql() + " " + not + "LIKE " + pattern.sql() + " ESCAPE '\\'",
                    concat(property.params(), pattern.params()));
        }

        /** An odd number of backslashes at the end: the last escapes nothing. */
        private static boolean endsWithEscape(String pattern) {
            int n = 0;
            for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
                n++;
            }
            return n % 2 == 1;
        }

        @Override
        public Operand visitIsBetweenPredicate(Cql2Parser.IsBetweenPredicateContext ctx) {
            Operand property = visit(ctx.propertyName());
            Operand low = visit(ctx.scalarExpression(0));
            Operand high = visit(ctx.scalarExpression(1));
            if (!isNumeric(property.type()) && property.type() != Type.DATE && property.type() != Type.TIMESTAMP) {
                throw invalid("BETWEEN needs a number or date property; '" + ctx.propertyName().getText() + "' is " + describe(property.type()));
            }
            requireComparable(property, low, ctx.getText());
            requireComparable(property, high, ctx.getText());
            String not = ctx.NOT() != null ? "NOT " : "";
            return Operand.condition(property.sql() + " " + not + "BETWEEN " + low.sql() + " AND " + high.sql(),
                    concat(concat(property.params(), low.params()), high.params()));
        }

        @Override
        public Operand visitIsInListPredicate(Cql2Parser.IsInListPredicateContext ctx) {
            Operand property = visit(ctx.propertyName());
            List<String> items = new ArrayList<>();
            List<Object> params = new ArrayList<>(property.params());
            for (Cql2Parser.ScalarExpressionContext item : ctx.scalarExpression()) {
                Operand o = visit(item);
                requireComparable(property, o, ctx.getText());
                items.add(o.sql());
                params.addAll(o.params());
            }
            String not = ctx.NOT() != null ? "NOT " : "";
            return Operand.condition(property.sql() + " " + not + "IN (" + String.join(", ", items) + ")", params);
        }

        @Override
        public Operand visitIsNullPredicate(Cql2Parser.IsNullPredicateContext ctx) {
            Operand property = visit(ctx.propertyName());
            return Operand.condition(property.sql() + (ctx.NOT() != null ? " IS NOT NULL" : " IS NULL"), property.params());
        }

        @Override
        public Operand visitSpatialPredicate(Cql2Parser.SpatialPredicateContext ctx) {
            Operand a = visit(ctx.geomExpression(0));
            Operand b = visit(ctx.geomExpression(1));
            return Operand.condition("ST_Intersects(" + a.sql() + ", " + b.sql() + ")", concat(a.params(), b.params()));
        }

        @Override
        public Operand visitGeomExpression(Cql2Parser.GeomExpressionContext ctx) {
            if (ctx.propertyName() != null) {
                String name = unquote(ctx.propertyName());
                if (!name.equals(GEOMETRY)) {
                    throw invalid("S_INTERSECTS needs the geometry property '" + GEOMETRY + "' or a geometry literal, not '" + name + "'");
                }
                return new Operand(geometryExpr, List.of(), null, true);
            }
            if (ctx.bboxLiteral() != null) {
                List<Double> n = ctx.bboxLiteral().NUMBER().stream().map(t -> Double.parseDouble(t.getText())).toList();
                // with six numbers the 2D box is (minx, miny, maxx, maxy) = (n0, n1, n3, n4)
                double minx = n.get(0);
                double miny = n.get(1);
                double maxx = n.size() == 6 ? n.get(3) : n.get(2);
                double maxy = n.size() == 6 ? n.get(4) : n.get(3);
                if (minx > maxx || miny > maxy) {
                    throw invalid("BBOX corners must be (min lon, min lat, max lon, max lat)");
                }
                return new Operand("ST_MakeEnvelope(?, ?, ?, ?, 4326)", List.of(minx, miny, maxx, maxy), null, false);
            }
            Cql2Parser.WktLiteralContext wkt = ctx.wktLiteral();
            String text = source.substring(wkt.start.getStartIndex(), wkt.stop.getStopIndex() + 1);
            try {
                Geometry g = new WKTReader().read(text);
                return new Operand("ST_GeomFromText(?, 4326)", List.of(g.toText()), null, false);
            } catch (ParseException e) {
                throw invalid("geometry literal is not valid WKT: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw invalid("geometry literal is not valid: " + e.getMessage());
            }
        }

        @Override
        public Operand visitScalarExpression(Cql2Parser.ScalarExpressionContext ctx) {
            return visit(ctx.getChild(0));
        }

        @Override
        public Operand visitPropertyName(Cql2Parser.PropertyNameContext ctx) {
            String name = unquote(ctx);
            if (name.equals(GEOMETRY)) {
                return new Operand(geometryExpr, List.of(), null, true);
            }
            Property p = queryables.get(name);
            if (p == null) {
                throw invalid("unknown property '" + name + "'; queryable properties are: " + String.join(", ", queryables.keySet()));
            }
            return new Operand(p.expr(), List.of(), p.type(), true);
        }

        @Override
        public Operand visitCharacterLiteral(Cql2Parser.CharacterLiteralContext ctx) {
            return new Operand("?", List.of(unquoteString(ctx.STRING().getText())), Type.STRING, false);
        }

        @Override
        public Operand visitNumericLiteral(Cql2Parser.NumericLiteralContext ctx) {
            String text = ctx.NUMBER().getText();
            try {
                BigDecimal value = new BigDecimal(text);
                if (value.scale() <= 0 && value.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0 && !text.toUpperCase().contains("E")) {
                    return new Operand("?", List.of(value.longValueExact()), Type.INTEGER, false);
                }
                return new Operand("?", List.of(value), Type.NUMBER, false);
            } catch (NumberFormatException | ArithmeticException e) {
                throw invalid("'" + text + "' is not a number");
            }
        }

        @Override
        public Operand visitBooleanLiteral(Cql2Parser.BooleanLiteralContext ctx) {
            return new Operand("?", List.of(ctx.TRUE() != null), Type.BOOLEAN, false);
        }

        @Override
        public Operand visitInstantLiteral(Cql2Parser.InstantLiteralContext ctx) {
            String text = unquoteString(ctx.STRING().getText());
            try {
                if (ctx.DATE() != null) {
                    return new Operand("?", List.of(LocalDate.parse(text)), Type.DATE, false);
                }
                return new Operand("?", List.of(OffsetDateTime.parse(text)), Type.TIMESTAMP, false);
            } catch (DateTimeParseException e) {
                throw invalid("'" + text + "' is not a valid " + (ctx.DATE() != null ? "date (YYYY-MM-DD)" : "timestamp (RFC 3339)"));
            }
        }

        private String unquote(Cql2Parser.PropertyNameContext ctx) {
            String text = ctx.getText();
            return ctx.QUOTED_IDENTIFIER() != null ? text.substring(1, text.length() - 1) : text;
        }

        private void requireComparable(Operand a, Operand b, String where) {
            if (a.type() == null || b.type() == null) {
                throw invalid("a geometry can only be used in S_INTERSECTS");
            }
            boolean ok = a.type() == b.type() || (isNumeric(a.type()) && isNumeric(b.type()))
                    || (isInstant(a.type()) && isInstant(b.type()));
            if (!ok) {
                throw invalid("cannot compare " + describe(a.type()) + " with " + describe(b.type()) + " in '"
                        + (where.length() > 80 ? where.substring(0, 77) + "..." : where) + "'");
            }
        }
    }

    private static boolean isNumeric(Type t) {
        return t == Type.INTEGER || t == Type.NUMBER;
    }

    private static boolean isInstant(Type t) {
        return t == Type.DATE || t == Type.TIMESTAMP;
    }

    private static String describe(Type t) {
        return switch (t) {
            case STRING -> "text";
            case INTEGER, NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case DATE -> "a date";
            case TIMESTAMP -> "a timestamp";
            case JSON -> "a list";
        };
    }

    private static String unquoteString(String literal) {
        return literal.substring(1, literal.length() - 1).replace("''", "'");
    }

    private static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
