package org.optspec.runtime.checkpoint;

/** The element types a checkpoint holds, with safetensors' names and little-endian widths. */
public enum DType {
  F32(4),
  F64(8),
  I64(8);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** The dtype safetensors calls {@code name}, or null when this runtime does not read it. */
  static DType named(String name) {
    for (DType d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    return null;
  }
}
