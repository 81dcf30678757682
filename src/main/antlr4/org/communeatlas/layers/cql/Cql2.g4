/*
 * CQL2 text (OGC 21-065r2), the parts Commune Atlas serves: Basic CQL2 (comparisons, AND/OR/NOT,
 * IS NULL), Advanced Comparison Operators (LIKE, BETWEEN, IN) and S_INTERSECTS with BBOX or any WKT
 * geometry (Basic Spatial Functions Plus). Rule names follow the standard's BNF where they can.
 * Keywords are case-insensitive, as the standard says.
 */
grammar Cql2;

options { caseInsensitive = true; }

filter
    : booleanExpression EOF
    ;

booleanExpression
    : booleanTerm (OR booleanTerm)*
    ;

booleanTerm
    : booleanFactor (AND booleanFactor)*
    ;

booleanFactor
    : NOT? booleanPrimary
    ;

booleanPrimary
    : predicate
    | booleanLiteral
    | LEFTPAREN booleanExpression RIGHTPAREN
    ;

predicate
    : binaryComparisonPredicate
    | isLikePredicate
    | isBetweenPredicate
    | isInListPredicate
    | isNullPredicate
    | spatialPredicate
    ;

binaryComparisonPredicate
    : scalarExpression comparisonOperator scalarExpression
    ;

comparisonOperator
    : EQ | NEQ | LT | GT | LTEQ | GTEQ
    ;

isLikePredicate
    : propertyName NOT? LIKE characterLiteral
    ;

isBetweenPredicate
    : propertyName NOT? BETWEEN scalarExpression AND scalarExpression
    ;

isInListPredicate
    : propertyName NOT? IN LEFTPAREN scalarExpression (COMMA scalarExpression)* RIGHTPAREN
    ;

isNullPredicate
    : propertyName IS NOT? NULL
    ;

spatialPredicate
    : S_INTERSECTS LEFTPAREN geomExpression COMMA geomExpression RIGHTPAREN
    ;

geomExpression
    : propertyName
    | bboxLiteral
    | wktLiteral
    ;

scalarExpression
    : characterLiteral
    | numericLiteral
    | booleanLiteral
    | instantLiteral
    | propertyName
    ;

propertyName
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    ;

characterLiteral
    : STRING
    ;

numericLiteral
    : NUMBER
    ;

booleanLiteral
    : TRUE | FALSE
    ;

instantLiteral
    : DATE LEFTPAREN STRING RIGHTPAREN
    | TIMESTAMP LEFTPAREN STRING RIGHTPAREN
    ;

bboxLiteral
    : BBOX LEFTPAREN NUMBER COMMA NUMBER COMMA NUMBER COMMA NUMBER (COMMA NUMBER COMMA NUMBER)? RIGHTPAREN
    ;

/* Well-known text; the parse tree only checks its shape, JTS reads the text itself. */
wktLiteral
    : WKT_TYPE (EMPTY | wktList)
    ;

wktList
    : LEFTPAREN wktItem (COMMA wktItem)* RIGHTPAREN
    ;

wktItem
    : wktList
    | NUMBER NUMBER NUMBER?
    | WKT_TYPE (EMPTY | wktList)
    ;

AND : 'AND' ;
OR : 'OR' ;
NOT : 'NOT' ;
LIKE : 'LIKE' ;
BETWEEN : 'BETWEEN' ;
IN : 'IN' ;
IS : 'IS' ;
NULL : 'NULL' ;
TRUE : 'TRUE' ;
FALSE : 'FALSE' ;
DATE : 'DATE' ;
TIMESTAMP : 'TIMESTAMP' ;
S_INTERSECTS : 'S_INTERSECTS' ;
BBOX : 'BBOX' ;
EMPTY : 'EMPTY' ;
WKT_TYPE
    : 'POINT' | 'LINESTRING' | 'POLYGON' | 'MULTIPOINT' | 'MULTILINESTRING' | 'MULTIPOLYGON' | 'GEOMETRYCOLLECTION'
    ;

EQ : '=' ;
NEQ : '<>' ;
LTEQ : '<=' ;
GTEQ : '>=' ;
LT : '<' ;
GT : '>' ;
LEFTPAREN : '(' ;
RIGHTPAREN : ')' ;
COMMA : ',' ;

/* A character literal: single quotes, a quote inside doubled. */
STRING : '\'' ( ~'\'' | '\'\'' )* '\'' ;

NUMBER
    : [+-]? ( DIGIT+ ( '.' DIGIT* )? | '.' DIGIT+ ) ( 'E' [+-]? DIGIT+ )?
    ;

IDENTIFIER : IDENTIFIER_START IDENTIFIER_PART* ;
QUOTED_IDENTIFIER : '"' ( ~'"' )+ '"' ;

fragment DIGIT : [0-9] ;
fragment IDENTIFIER_START : [A-Z_] | '\u00C0'..'\u1EF9' ;
fragment IDENTIFIER_PART : IDENTIFIER_START | DIGIT | '.' | ':' ;

WS : [ \t\r\n]+ -> skip ;
