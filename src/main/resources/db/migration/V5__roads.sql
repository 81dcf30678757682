-- A routable road network for pgRouting: edges noded at intersections, with source/target vertices.
CREATE TABLE road_node (
    id          bigint PRIMARY KEY,
    elevation_m real,
    geom        geometry(Point, 4326) NOT NULL
);
CREATE INDEX road_node_geom_idx ON road_node USING gist (geom);

CREATE TABLE road (
    id          bigint  PRIMARY KEY,
    name        text,
    road_class  text    NOT NULL CHECK (road_class IN ('national', 'provincial', 'district', 'commune', 'village')),
    source      bigint  NOT NULL REFERENCES road_node (id),
    target      bigint  NOT NULL REFERENCES road_node (id),
    length_m    double precision NOT NULL CHECK (length_m > 0),
    elevation_m real,                       -- lowest ground along the segment: floods cut it first there
    is_open     boolean NOT NULL DEFAULT true,
    geom        geometry(LineString, 4326) NOT NULL,
    geom_3857   geometry(LineString, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
    CHECK (source <> target),
    CHECK (ST_IsValid(geom))
);
CREATE INDEX road_geom_idx ON road USING gist (geom);
CREATE INDEX road_geom_3857_idx ON road USING gist (geom_3857);
CREATE INDEX road_source_idx ON road (source);
CREATE INDEX road_target_idx ON road (target);
