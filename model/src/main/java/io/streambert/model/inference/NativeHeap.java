package io.streambert.model.inference;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Returns native memory that has been freed to the operating system.
 *
 * <p>glibc keeps memory that {@code free()} gave back in its heaps and arenas, so a closed ONNX
 * Runtime session's weights and buffers stay resident until glibc happens to reuse them. The JVM's
 * diagnostic command {@code System.trim_native_heap} (JDK 17.0.9 and later on glibc) calls {@code
 * malloc_trim}, which hands those pages back. It is called here through the platform {@code
 * DiagnosticCommandMBean}, so no native code of ours is involved; where the command is missing
 * (another JVM, musl, macOS, Windows) {@link #trim()} says it did nothing.
 */
public final class NativeHeap {

  /** The diagnostic command MBean's operation for {@code System.trim_native_heap}. */
  static final String TRIM_OPERATION = "systemTrimNativeHeap";

  private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

  private NativeHeap() {}

  /**
   * What one trim did.
   *
   * @param trimmed whether the JVM ran the trim
   * @param report the diagnostic command's own output when it ran (RSS before and after), else why
   *     it did not run
   */
  public record Trim(boolean trimmed, String report) {}

  /**
   * Asks the JVM to trim the C heap; never throws.
   *
   * <p>It takes the allocator's lock while it walks the heap, typically a few milliseconds for a
   * few hundred MB; call it off the threads whose latency matters.
   */
  public static Trim trim() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName command = new ObjectName(DIAGNOSTIC_COMMAND);
      if (!server.isRegistered(command) || !hasTrimOperation(server, command)) {
        return new Trim(false, "this JVM has no System.trim_native_heap diagnostic command");
      }
      Object out =
          server.invoke(
              command,
              TRIM_OPERATION,
              new Object[] {new String[0]},
              new String[] {String[].class.getName()});
      String report = out == null ? "" : out.toString().strip();
      // The command exists on every platform of a recent JDK, but trims only on glibc.
      if (report.contains("Not available")) {
        return new Trim(false, "System.trim_native_heap: " + report);
      }
      return new Trim(true, report);
    } catch (JMException | RuntimeException e) {
      return new Trim(false, "System.trim_native_heap failed: " + e);
    }
  }

  private static boolean hasTrimOperation(MBeanServer server, ObjectName command)
      throws JMException {
    for (MBeanOperationInfo op : server.getMBeanInfo(command).getOperations()) {
      if (op.getName().equals(TRIM_OPERATION)) {
        return true;
      }
    }
    return false;
  }
}
