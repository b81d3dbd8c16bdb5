package edu.concurrency.grader.suites.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/** Reads the class files of a submission's package for the bytecode scans. */
final class ClassFiles {

    private ClassFiles() {
    }

    /**
     * The class files of one package under a class directory, in path order.
     *
     * @param classesDir  the root of the compiled classes (the submission's class directory)
     * @param packageName the package, e.g. {@code edu.concurrency.queue}; subpackages are included
     * @return the class files' bytes; empty if the package has no directory
     * @throws UncheckedIOException if a class file cannot be read
     */
    static List<byte[]> inPackage(Path classesDir, String packageName) {
        Path dir = classesDir.resolve(packageName.replace('.', '/'));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<byte[]> classFiles = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                classFiles.add(Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the submission's classes in " + dir, e);
        }
        return classFiles;
    }

    /**
     * Parses class files with ASM's tree API, with code, line numbers and the sizes of stack and
     * locals, without stack map frames.
     *
     * @param classFiles the class files' bytes
     * @return one node per class file, in the same order
     */
    static List<ClassNode> parse(List<byte[]> classFiles) {
        List<ClassNode> nodes = new ArrayList<>();
        for (byte[] bytes : classFiles) {
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES);
            nodes.add(node);
        }
        return nodes;
    }
}
