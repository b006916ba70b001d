#!/usr/bin/env bash
# How long the annotation processor takes on one spec: javac on one annotated class with the processor
# versus the same javac with -proc:none, cold JVMs, best of N each; plus, warm, the in-process compiler
# (OptSpecCompiler: check, lower, plan, emit) on the same spec. From the repository root, after a build:
#   bash bench/compile-time.sh [spec=bench/src/main/resources/org/optspec/bench/w2_digits_mlp.optspec] [N=5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spec="${1:-$root/bench/src/main/resources/org/optspec/bench/w2_digits_mlp.optspec}"
n="${2:-5}"
m2="$HOME/.m2/repository"
pp="$root/processor/target/classes:$root/grammar/target/classes:$root/runtime/target/classes"
pp="$pp:$m2/org/antlr/antlr4-runtime/4.13.2/antlr4-runtime-4.13.2.jar:$m2/com/palantir/javapoet/javapoet/0.7.0/javapoet-0.7.0.jar"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/demo" "$work/out"
cp "$spec" "$work/src/demo/"
cat > "$work/src/demo/Demo.java" <<JAVA
package demo;
@org.optspec.runtime.TrainingSpec("$(basename "$spec")")
final class Demo {}
JAVA
best() {
  local b=999999
  for _ in $(seq "$n"); do
    rm -rf "$work/out"/*
    local t0 t1
    t0=$(date +%s%N)
    "$@" > "$work/log" 2>&1 || { cat "$work/log"; exit 1; }
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000000 ))
    [ "$ms" -lt "$b" ] && b=$ms
  done
  echo "$b"
}
with=$(best javac -d "$work/out" -sourcepath "$work/src" -cp "$root/runtime/target/classes" -processorpath "$pp" "$work/src/demo/Demo.java")
without=$(best javac -d "$work/out" -sourcepath "$work/src" -cp "$root/runtime/target/classes" -proc:none "$work/src/demo/Demo.java")
echo "javac one annotated class + $(basename "$spec"): ${with} ms with the processor (generates and compiles the trainer), ${without} ms with -proc:none (best of $n, cold JVMs)"
cat > "$work/Warm.java" <<'JAVA'
import java.nio.file.*;
public class Warm {
  public static void main(String[] a) throws Exception {
    String text = Files.readString(Path.of(a[0]));
    String name = Path.of(a[0]).getFileName().toString();
    long c0 = System.nanoTime();
    var checked = org.optspec.grammar.Frontend.check(new org.optspec.spec.SourceText(name, text));
    long c1 = System.nanoTime();
    var lowered = org.optspec.processor.OptSpecCompiler.compile(checked.spec().get(), "demo");
    long c2 = System.nanoTime();
    lowered.javaFile().get().toString();
    long c3 = System.nanoTime();
    System.out.printf("first compile, cold JVM: parse + check %.0f ms, lower + plan + emit %.0f ms, print %.0f ms%n",
        (c1 - c0) / 1e6, (c2 - c1) / 1e6, (c3 - c2) / 1e6);
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 200; i++) {
      long t0 = System.nanoTime();
      var r = org.optspec.processor.OptSpecCompiler.compile(new org.optspec.spec.SourceText(name, text), "demo");
      if (r.javaFile().isEmpty()) throw new IllegalStateException(r.diagnostics().toString());
      best = Math.min(best, System.nanoTime() - t0);
    }
    System.out.printf("warm in-process compile (spec text to Java source): %.2f ms (best of 200)%n", best / 1e6);
  }
}
JAVA
javac -d "$work" -cp "$pp" "$work/Warm.java"
java -cp "$work:$pp" Warm "$spec"
