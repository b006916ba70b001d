// After the three builds (invoker.properties): the edited value reached the generated source and the compiled,
// tested trainer; builds 1 and 2 generated the trainer, build 3 found it up to date and compiled nothing.
def generated = new File(basedir, 'target/generated-sources/optspec/org/example/ParabolaTrainer.java')
assert generated.isFile()
assert generated.text.contains('STEPS = 250L')
assert !generated.text.contains('STEPS = 100L')
assert new File(basedir, 'target/trainer-steps.txt').text == '250'
assert new File(basedir, 'target/classes/org/example/ParabolaTrainer.class').isFile()
def log = new File(basedir, 'build.log').text
assert log.count('OptSpec: 1 trainer(s) generated, 0 up to date') == 2
def third = log.substring(log.lastIndexOf('Building optspec-it-regenerate'))
assert third.contains('OptSpec: 0 trainer(s) generated, 1 up to date')
assert third.contains('Nothing to compile - all classes are up to date')
return true
