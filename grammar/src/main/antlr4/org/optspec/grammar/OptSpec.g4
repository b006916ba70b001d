/*
 * The .optspec language.
 *
 * The grammar is deliberately general: a statement is a keyword followed by arguments (and maybe a
 * block), a declaration binds a name to a value, and values are one expression language. Which
 * keywords exist and what arguments they take is the checker's business, so a new setting in the
 * catalogue needs no grammar change.
 *
 * Newlines end statements. Inside ( ) and [ ] they are dropped before parsing by NewlineFilter, so
 * argument lists and literals may span lines without the grammar mentioning NL everywhere.
 */
grammar OptSpec;

file
    : (statement | NL)* EOF
    ;

statement
    : modifier=name? target=name shape? binder=(ASSIGN | TILDE) value=expr      # declaration
    | keyword=name arguments? operands+=expr* block?           # setting
    ;

block
    : LBRACE (statement | NL)* RBRACE
    ;

shape
    : LBRACK dims+=NUMBER (COMMA dims+=NUMBER)* RBRACK
    ;

arguments
    : LPAREN (argument (COMMA argument)* COMMA?)? RPAREN
    ;

argument
    : (label=name COLON)? value=expr
    ;

// Earlier alternatives bind tighter. '^' is above unary minus, so -x^2 is -(x^2) as in mathematics.
expr
    : callee=name arguments                                    # callExpr
    | LPAREN inner=expr RPAREN                                 # parenExpr
    | LPAREN items+=expr (COMMA items+=expr)+ COMMA? RPAREN    # tupleExpr
    | LBRACK (items+=expr (COMMA items+=expr)* COMMA?)? RBRACK  # listExpr
    | <assoc=right> left=expr op=CARET right=expr              # binaryExpr
    | op=MINUS operand=expr                                    # negateExpr
    | left=expr op=(STAR | SLASH) right=expr                   # binaryExpr
    | left=expr op=(PLUS | MINUS) right=expr                   # binaryExpr
    | left=expr op=(LT | LE | GT | GE) right=expr              # compareExpr
    | left=expr THEN right=expr                                # thenExpr
    // mean over 256 samples of (x - 3)^2: the body runs to the end of the expression
    | reducer=name OVER count=NUMBER SAMPLES OF body=expr      # expectationExpr
    | amount=NUMBER unit=(STEPS | STEP | EPOCHS | EPOCH)       # durationExpr
    | NUMBER                                                   # numberExpr
    | STRING                                                   # stringExpr
    | name                                                     # nameExpr
    ;

// Duration units are tokens of their own so that "25 epochs" is a duration, yet they stay usable
// as names: "epochs 20", "steps: 100", "schedule step(...)". So are the words of an expectation.
name
    : IDENT | STEPS | STEP | EPOCHS | EPOCH | OVER | SAMPLES | OF
    ;

STEPS  : 'steps' ;
STEP   : 'step' ;
EPOCHS : 'epochs' ;
EPOCH  : 'epoch' ;
THEN   : 'then' ;
OVER   : 'over' ;
SAMPLES : 'samples' ;
OF     : 'of' ;

LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACK : '[' ;
RBRACK : ']' ;
COMMA  : ',' ;
COLON  : ':' ;
ASSIGN : '=' ;
TILDE  : '~' ;
PLUS   : '+' ;
MINUS  : '-' ;
STAR   : '*' ;
SLASH  : '/' ;
CARET  : '^' ;
LE     : '<=' ;
GE     : '>=' ;
LT     : '<' ;
GT     : '>' ;

NUMBER
    : DIGITS ('.' DIGITS?)? EXPONENT?
    | '.' DIGITS EXPONENT?
    ;

STRING
    : '"' (~["\\\r\n] | '\\' .)* '"'
    ;

// A string missing its closing quote is one token, so the error is reported once, as such.
UNTERMINATED_STRING
    : '"' (~["\\\r\n] | '\\' .)*
    ;

IDENT
    : [a-zA-Z_] [a-zA-Z_0-9]*
    ;

NL
    : '\r'? '\n'
    ;

LINE_COMMENT
    : '//' ~[\r\n]* -> skip
    ;

BLOCK_COMMENT
    : '/*' .*? '*/' -> skip
    ;

WS
    : [ \t\f]+ -> skip
    ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
