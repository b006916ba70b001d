package org.optspec.spec;

public enum Precision {
  FLOAT32,
  FLOAT64
}
