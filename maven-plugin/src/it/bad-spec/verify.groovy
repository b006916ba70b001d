// The typo fails the build with the spec's file:line:col, the line and a caret, and nothing is generated.
def log = new File(basedir, 'build.log').text
def spec = new File(basedir, 'src/main/optspec/org/example/parabola.optspec').getCanonicalFile()
assert log.contains("[ERROR] ${spec}:4:13: error: unknown optimizer 'sgdd'; did you mean 'sgd'?")
assert log.contains('  optimizer sgdd(lr: 0.1)')
assert log.contains('1 error in OptSpec specs')
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/generated-sources/optspec/org/example/ParabolaTrainer.java').exists()
return true
