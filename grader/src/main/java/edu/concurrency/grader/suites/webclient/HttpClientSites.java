package edu.concurrency.grader.suites.webclient;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the submission creates {@link java.net.http.HttpClient}s: every call of
 * {@code HttpClient.newHttpClient()} or {@code HttpClient.Builder.build()} outside a constructor,
 * as {@code AsyncWebClient.send (AsyncWebClient.java:291)}. Feedback for "no connection reuse"
 * points there; it is looked up only when that check fails.
 */
final class HttpClientSites {

    private HttpClientSites() {
    }

    /**
     * @param classesRoot the root of the submission's compiled classes
     * @param packageName the package scanned, for example {@code edu.concurrency.webclient}
     * @return the call sites outside constructors (lambdas inside constructors count as outside:
     *     they may run later); empty if none or if the classes cannot be read
     */
    static List<String> outsideConstructors(Path classesRoot, String packageName) {
        List<String> sites = new ArrayList<>();
        Path dir = classesRoot.resolve(packageName.replace('.', '/'));
        if (!Files.isDirectory(dir)) {
            return sites;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                read(Files.readAllBytes(file), sites);
            }
        } catch (IOException e) {
            // feedback without the location is still feedback
        }
        return sites;
    }

    private static void read(byte[] classFile, List<String> sites) {
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            private String type;
            private String file;

            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                type = name.substring(name.lastIndexOf('/') + 1);
                file = type.replaceAll("\\$.*", "") + ".java";
            }

            @Override
            public void visitSource(String source, String debug) {
                if (source != null) {
                    file = source;
                }
            }

            @Override
            public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
                if (method.equals("<init>")) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    private int line;

                    @Override
                    public void visitLineNumber(int number, Label start) {
                        line = number;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
                        boolean creates = owner.equals("java/net/http/HttpClient") && name.equals("newHttpClient")
                                || owner.equals("java/net/http/HttpClient$Builder") && name.equals("build");
                        if (creates) {
                            String where = method.startsWith("lambda$") ? "lambda in " + type + "." + method.split("\\$")[1]
                                    : type + "." + method;
                            sites.add(where + " (" + file + ":" + line + ")");
                        }
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
    }
}
