package org.optspec.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small builder over ONNX's protobuf messages: initializers (float32 and int64 constants), nodes whose output
 * names it makes up from a prefix, one float32 input and one float32 output with a symbolic batch dimension.
 * Everything is float32: ONNX Runtime's CPU kernels for RNN and LeakyRelu have no float64 version.
 */
final class OnnxGraph {

  /** The opset the nodes are written for (Softmax over one axis, ReduceSum with axes as an input). */
  static final long OPSET = 13;
  /** The IR version of opset 13 (ONNX 1.8). */
  static final long IR_VERSION = 7;
  static final String BATCH = "N";

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Map<String, Integer> used = new LinkedHashMap<>();

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** A fresh value name: {@code dense0}, {@code dense0_1}, ... */
  String fresh(String prefix) {
    int n = used.merge(prefix, 1, Integer::sum);
    return n == 1 ? prefix : prefix + "_" + (n - 1);
  }

  /** A float32 initializer of this shape; doubles are rounded to the nearest float. */
  String constant(String prefix, double[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      bytes.putFloat((float) v);
    }
    return initializer(prefix, TensorProto.DataType.FLOAT, bytes, dims);
  }

  String constant(String prefix, float[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      bytes.putFloat(v);
    }
    return initializer(prefix, TensorProto.DataType.FLOAT, bytes, dims);
  }

  /** An int64 initializer (shapes, axes, indices). */
  String int64s(String prefix, long[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      bytes.putLong(v);
    }
    return initializer(prefix, TensorProto.DataType.INT64, bytes, dims);
  }

  private String initializer(String prefix, TensorProto.DataType type, ByteBuffer bytes, long[] dims) {
    String name = fresh(prefix);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
        .setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /** A node with one output named from {@code prefix}; returns that name. */
  String node(String op, String prefix, String[] inputs, AttributeProto... attributes) {
    String out = fresh(prefix);
    node(op, inputs, new String[] {out}, attributes);
    return out;
  }

  /** A node with the given outputs ("" for an optional output that is not wanted). */
  void node(String op, String[] inputs, String[] outputs, AttributeProto... attributes) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh(op.toLowerCase(java.util.Locale.ROOT) + "_node"));
    for (String i : inputs) {
      n.addInput(i);
    }
    for (String o : outputs) {
      n.addOutput(o);
    }
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    graph.addNode(n);
  }

  static AttributeProto attribute(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto attribute(String name, double value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) value).build();
  }

  static AttributeProto attribute(String name, long[] values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto strings(String name, String... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
    for (String v : values) {
      a.addStrings(ByteString.copyFromUtf8(v));
    }
    return a.build();
  }

  /** Declares a float32 graph input {@code [N, width]}. */
  void input(String name, long width) {
    graph.addInput(valueInfo(name, width));
  }

  /** Declares a float32 graph output {@code [N, width]}, the value {@code from} renamed {@code name}. */
  void output(String from, String name, long width) {
    node("Identity", new String[] {from}, new String[] {name});
    graph.addOutput(valueInfo(name, width));
  }

  private static ValueInfoProto valueInfo(String name, long width) {
    TensorShapeProto shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
        .build();
    TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
        .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  /** The model: this graph, opset {@link #OPSET} of the default domain, and string metadata. */
  ModelProto model(String producerVersion, Map<String, String> metadata, String docString) {
    ModelProto.Builder m = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("optspec")
        .setProducerVersion(producerVersion)
        .setDocString(docString)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph);
    metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }
}
