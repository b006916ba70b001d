package org.optspec.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;
import org.optspec.grammar.check.Range;

/**
 * The trainer's run-time settings: the nested {@code Settings} record (one component per {@link RunTimeSettings}
 * setting, {@code defaults()} the spec's values, a {@code withX} per component, each value checked at construction
 * with the catalogue's range and the checker's message), and the constants those settings replace, which become final
 * fields the constructor assigns. The code that reads {@code LR} or {@code EPOCHS} is unchanged.
 */
final class SettingsEmitter {

  static final ClassName SETTING_KEY = ClassName.get(RuntimeTypes.RUNTIME + ".settings", "SettingKey");
  static final ClassName SETTING_RANGE = ClassName.get(RuntimeTypes.RUNTIME + ".settings", "SettingRange");
  static final ClassName RECORDED = ClassName.get(RuntimeTypes.RUNTIME + ".settings", "RecordedSettings");

  private final RunTimeSettings table;
  private final ClassName settingsType;
  /** The settings' constants as the emitters wrote them, by name: their type and the spec's value. */
  private final Map<String, FieldSpec> written = new LinkedHashMap<>();

  SettingsEmitter(EmitContext ctx, ClassName trainer, Set<String> unread) {
    this.table = RunTimeSettings.read(ctx, unread);
    this.settingsType = trainer.nestedClass("Settings");
  }

  /**
   * The settings' constants no method reads (besides the constructor assigning them): the first writing of a class
   * with every candidate setting tells which the second must leave as constants.
   */
  static Set<String> unread(TypeSpec type) {
    Set<String> unread = new HashSet<>();
    for (FieldSpec f : type.fieldSpecs()) {
      if (!f.modifiers().contains(Modifier.STATIC) && f.modifiers().contains(Modifier.FINAL) && f.initializer().isEmpty()) {
        unread.add(f.name());
      }
    }
    for (MethodSpec m : type.methodSpecs()) {
      for (String line : m.code().toString().split("\n")) {
        String name = line.strip().split(" = settings\\.", 2)[0];
        for (java.util.Iterator<String> it = unread.iterator(); it.hasNext(); ) {
          String field = it.next();
          if (!field.equals(name) && Pattern.compile("\\b" + field + "\\b").matcher(line).find()) {
            it.remove();
          }
        }
      }
    }
    return unread;
  }

  ClassName type() {
    return settingsType;
  }

  /**
   * Adds the constants the emitters wrote into {@code constants} to {@code type}, in order, each setting and each value
   * derived from settings as a final field the constructor assigns.
   */
  void addConstants(TypeSpec constants, TypeSpec.Builder type) {
    if (!constants.methodSpecs().isEmpty() || !constants.typeSpecs().isEmpty()) {
      throw new IllegalStateException("constants() added more than fields");
    }
    Map<String, RunTimeSettings.Setting> settings = new LinkedHashMap<>();
    table.settings().forEach(s -> settings.put(s.field(), s));
    Map<String, RunTimeSettings.Derived> derived = new LinkedHashMap<>();
    table.derived().forEach(d -> derived.put(d.field(), d));
    for (FieldSpec f : constants.fieldSpecs()) {
      RunTimeSettings.Setting s = settings.get(f.name());
      if (s != null) {
        written.put(f.name(), f);
        FieldSpec.Builder b = FieldSpec.builder(f.type(), f.name(), Modifier.PRIVATE, Modifier.FINAL);
        if (!f.javadoc().isEmpty()) {
          b.addJavadoc(f.javadoc());
          b.addJavadoc("\n");
        }
        type.addField(b.addJavadoc(f.javadoc().isEmpty() ? "$L" : "<p>$L", "The setting {@code " + name(s) + "}; the spec says "
            + f.initializer().toString().replaceFirst("L$", "") + ".\n").build());
      } else if (derived.containsKey(f.name())) {
        FieldSpec.Builder b = FieldSpec.builder(f.type(), f.name(), Modifier.PRIVATE, Modifier.FINAL);
        if (!f.javadoc().isEmpty()) {
          b.addJavadoc(f.javadoc());
        }
        type.addField(b.build());
      } else {
        type.addField(f);
      }
    }
    for (RunTimeSettings.Setting s : table.settings()) {
      if (!written.containsKey(s.field())) {
        throw new IllegalStateException("setting " + s.key() + " has no constant " + s.field());
      }
    }
  }

  /** {@code private final Settings settings}. */
  FieldSpec field() {
    return FieldSpec.builder(settingsType, "settings", Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("The settings this trainer was built with; checkpoints record them.\n").build();
  }

  /** The constructor's first statements: each setting's field from {@code settings}, then the values derived from them. */
  void assign(MethodSpec.Builder constructor) {
    constructor.addStatement("this.settings = settings");
    for (RunTimeSettings.Setting s : table.settings()) {
      constructor.addStatement("$L = settings.$L()", s.field(), s.component());
    }
    for (RunTimeSettings.Derived d : table.derived()) {
      constructor.addStatement("$L = $L", d.field(), d.value());
    }
  }

  /** {@code public Settings settings()}. */
  MethodSpec accessor() {
    return MethodSpec.methodBuilder("settings").addModifiers(Modifier.PUBLIC).returns(settingsType)
        .addJavadoc("The settings this trainer was built with.\n")
        .addStatement("return settings").build();
  }

  /** The save statement recording the settings in a checkpoint's metadata. */
  void save(MethodSpec.Builder save) {
    save.addStatement("checkpoint.metadata($T.METADATA, settings.toString())", RECORDED);
  }

  /** The load statement refusing a checkpoint trained with other settings (epochs aside). */
  void load(MethodSpec.Builder load) {
    load.addStatement("$T.requireSame(checkpoint.metadata().get($T.METADATA), settings.toString(), Settings.KEYS)",
        RECORDED, RECORDED);
  }

  /** The nested record. */
  TypeSpec record() {
    List<RunTimeSettings.Setting> settings = table.settings();
    TypeSpec.Builder r = TypeSpec.recordBuilder(settingsType).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("The settings of this trainer that change neither a buffer's shape nor the code (the batch may only be\n"
            + "lowered: the buffers are sized for the spec's). {@link #defaults()} are the spec's values; each is checked\n"
            + "at construction against the range the compiler checks the spec's value against, with its message. A\n"
            + "trainer built with settings S trains bit for bit as the trainer of the spec with S written in.\n");
    MethodSpec.Builder canonical = MethodSpec.compactConstructorBuilder().addModifiers(Modifier.PUBLIC);
    CodeBlock.Builder keys = CodeBlock.builder();
    for (int i = 0; i < settings.size(); i++) {
      RunTimeSettings.Setting s = settings.get(i);
      FieldSpec f = written.get(s.field());
      canonical.addParameter(f.type(), s.component());
      canonical.addStatement("$L.check($L)", keyConstant(s), s.component());
      r.addField(FieldSpec.builder(SETTING_KEY, keyConstant(s), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .initializer(keyValue(s)).build());
      keys.add(i == 0 ? "$L" : ", $L", keyConstant(s));
    }
    r.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(List.class), SETTING_KEY), "KEYS",
            Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Every setting, in the order of the components.\n")
        .initializer("$T.of($L)", List.class, keys.build()).build());
    r.recordConstructor(canonical.build());
    CodeBlock.Builder defaults = CodeBlock.builder();
    for (int i = 0; i < settings.size(); i++) {
      defaults.add(i == 0 ? "$L" : ", $L", written.get(settings.get(i).field()).initializer());
    }
    r.addMethod(MethodSpec.methodBuilder("defaults").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(settingsType)
        .addJavadoc("The spec's values.\n")
        .addStatement("return new Settings($L)", defaults.build()).build());
    for (RunTimeSettings.Setting s : settings) {
      CodeBlock.Builder args = CodeBlock.builder();
      for (int i = 0; i < settings.size(); i++) {
        args.add(i == 0 ? "$L" : ", $L", settings.get(i).component());
      }
      String with = "with" + Character.toUpperCase(s.component().charAt(0)) + s.component().substring(1);
      r.addMethod(MethodSpec.methodBuilder(with).addModifiers(Modifier.PUBLIC).returns(settingsType)
          .addJavadoc("These settings with {@code $L} (the spec's {@code $L}).\n", s.component(), name(s))
          .addParameter(written.get(s.field()).type(), s.component())
          .addStatement("return new Settings($L)", args.build()).build());
    }
    return r.build();
  }

  private static String keyConstant(RunTimeSettings.Setting s) {
    return s.keyConstant();
  }

  private static String name(RunTimeSettings.Setting s) {
    return s.items() > 1 ? s.key() + "[" + s.index() + "]" : s.key();
  }

  private static CodeBlock keyValue(RunTimeSettings.Setting s) {
    CodeBlock range = range(s.range());
    if (s.items() > 1) {
      return CodeBlock.of("$T.item($S, $L, $L, $S, $S, $L)", SETTING_KEY, s.key(), s.index(), s.items(), s.component(),
          s.label(), range);
    }
    return CodeBlock.of("$T.$L($S, $S, $S, $L)", SETTING_KEY, s.integer() ? "whole" : "of", s.key(), s.component(),
        s.label(), range);
  }

  private static CodeBlock range(Range r) {
    boolean noHigh = Double.isInfinite(r.high());
    if (noHigh && !Double.isInfinite(r.low())) {
      return CodeBlock.of("$T.$L($L)", SETTING_RANGE, r.lowInclusive() ? "atLeast" : "above", number(r.low()));
    }
    if (noHigh) {
      return CodeBlock.of("$T.any()", SETTING_RANGE);
    }
    return CodeBlock.of("new $T($L, $L, $L, $L)", SETTING_RANGE, number(r.low()), r.lowInclusive(), number(r.high()),
        r.highInclusive());
  }

  private static String number(double x) {
    if (Double.isInfinite(x)) {
      return x > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
    }
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    return Double.toString(x);
  }
}
