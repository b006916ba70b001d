package org.optspec.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.optspec.spec.Diagnostic;

/**
 * {@code optspec:generate}: compiles every {@code .optspec} under {@code src/main/optspec} into a trainer class in
 * {@code target/generated-sources/optspec} and adds that directory as a source root, as the ANTLR and protobuf
 * plugins do. A spec's directory below {@code src/main/optspec} is its trainer's package
 * ({@code src/main/optspec/org/example/digits.optspec} → {@code org.example.DigitsClassifierTrainer}). Only specs that
 * changed since the last build (or all of them, when the OptSpec version changed) are regenerated. A spec's errors
 * fail the build, each as {@code file:line:col: error: message} with the line and a caret.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

  /** The directory holding the specs; subdirectories are packages. */
  @Parameter(defaultValue = "${project.basedir}/src/main/optspec", property = "optspec.sourceDirectory", required = true)
  File sourceDirectory;

  /** The source root the trainers are written to (added to the project's compile source roots). */
  @Parameter(defaultValue = "${project.build.directory}/generated-sources/optspec", property = "optspec.outputDirectory",
      required = true)
  File outputDirectory;

  /** Where the plugin remembers what it generated, to regenerate only what changed. */
  @Parameter(defaultValue = "${project.build.directory}/optspec-maven-plugin/generate.state", required = true)
  File stateFile;

  /** Skips generation (the source root is still added, so existing generated sources compile). */
  @Parameter(defaultValue = "false", property = "optspec.skip")
  boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    project.addCompileSourceRoot(outputDirectory.getPath());
    if (skip) {
      getLog().info("OptSpec: skipped (optspec.skip)");
      return;
    }
    SpecGeneration.Result result;
    try {
      result = SpecGeneration.run(sourceDirectory.toPath(), outputDirectory.toPath(), stateFile.toPath(),
          SpecGeneration.compilerFingerprint());
    } catch (IOException e) {
      throw new MojoExecutionException("OptSpec: cannot read the specs in " + sourceDirectory + " or write "
          + outputDirectory + ": " + e.getMessage(), e);
    }
    int errors = 0;
    for (Diagnostic d : result.diagnostics()) {
      if (d.isError()) {
        errors++;
        getLog().error(d.format());
      } else {
        getLog().warn(d.format());
      }
    }
    if (errors > 0) {
      Diagnostic first = result.diagnostics().stream().filter(Diagnostic::isError).findFirst().get();
      throw new MojoFailureException(errors + (errors == 1 ? " error" : " errors") + " in OptSpec specs; the first:\n"
          + first.format());
    }
    Path root = outputDirectory.toPath();
    for (Path p : result.written()) {
      getLog().info("OptSpec: generated " + root.relativize(p));
    }
    for (Path p : result.deleted()) {
      getLog().info("OptSpec: deleted " + root.relativize(p) + " (its spec is gone)");
    }
    getLog().info("OptSpec: " + result.written().size() + " trainer(s) generated, " + result.upToDate() + " up to date");
  }
}
