package org.optspec.runtime.checkpoint;

/**
 * A checkpoint that cannot be written or used: the message says which file and why (truncated,
 * corrupt header, a tensor of the wrong dtype or shape, a checkpoint of another spec).
 */
public final class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
