package org.saturn.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;


/**
 * The one line a researcher reads when a command fails. Saturn's own errors (a spec, a store, an
 * option) already say what is wrong in words; file-system failures are put in words here; anything
 * else is a bug of Saturn's, reported as such with its details written to a file, so that no Java
 * exception name or stack frame reaches the terminal.
 */
final class UserMessages {

    private UserMessages() {
    }

    static String of(Throwable error, String command) {
        Throwable e = error instanceof UncheckedIOException unchecked ? unchecked.getCause() : error;
        // Saturn's own exceptions, and the argument/state checks it throws, carry a message written for the user
        if (e instanceof RuntimeException && (e.getClass().getName().startsWith("org.saturn.")
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException)) {
            String message = e.getMessage();
            if (message != null && !message.isBlank() && !looksLikeJava(message)) {
                return message; // spec errors are one path:line:col line each: all of them are the message
            }
        }
        if (e instanceof IOException io) {
            return fileProblem(io);
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB heap): give the JVM more "
                    + "(JAVA_TOOL_OPTIONS=-Xmx8g) or make the study smaller";
        }
        if (e instanceof StackOverflowError) {
            return "the input is nested too deeply to process; write it with less nesting";
        }
        return "internal error in '" + command + "' (a bug in Saturn); details in " + report(error);
    }

    /** A file-system failure in words: which file, and why. */
    static String fileProblem(IOException e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file or folder";
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return (fs.getFile() == null ? "" : fs.getFile() + ": ") + fs.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        String message = e.getMessage();
        return message == null || looksLikeJava(message) ? "input/output error" : message;
    }

    /** A message written for a developer: an exception's name or a JVM-style "Cannot invoke ...". */
    static boolean looksLikeJava(String message) {
        return message.matches("(?s).*\\b(java|javax|jdk|sun|org|com)\\.[a-z]+\\.[A-Za-z.$]*(Exception|Error)\\b.*")
                || message.matches("(?s).*\\b(NullPointer|IllegalState|IllegalArgument|NumberFormat|ClassCast"
                        + "|ArrayIndexOutOfBounds|IndexOutOfBounds|StringIndexOutOfBounds|Arithmetic|UnsupportedOperation"
                        + "|ConcurrentModification|NoSuchElement|UncheckedIO)Exception\\b.*")
                || message.matches("(?s).*\\b(StackOverflow|OutOfMemory|NoClassDefFound|ExceptionInInitializer)Error\\b.*")
                || message.startsWith("For input string")
                || message.startsWith("Cannot invoke") || message.startsWith("Cannot read field")
                || message.contains("\tat ");
    }

    /** Writes the error's details for a bug report; returns where (or that it could not). */
    private static String report(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        try {
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "saturn-error-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")) + ".log");
            Files.writeString(file, trace.toString());
            return file.toString();
        } catch (IOException | RuntimeException e) {
            return "(no file could be written)";
        }
    }
}
