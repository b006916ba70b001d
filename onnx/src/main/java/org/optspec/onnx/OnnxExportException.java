package org.optspec.onnx;

/**
 * Why a model cannot be exported: a checkpoint that does not fit the spec, a tensor the export needs and the
 * checkpoint lacks, a spec that does not lower. The message names the file, or the spec's
 * {@code file:line:col}, and the reason.
 */
public final class OnnxExportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OnnxExportException(String message) {
    super(message);
  }

  public OnnxExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
