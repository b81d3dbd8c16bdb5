package edu.concurrency.grader.classroom;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The handout in an exercise package's sources: the package's Javadoc and, for each top-level type,
 * its declaration and Javadoc and those of its public (or interface) members, read with the
 * JDK's own parser ({@link JavacTask#parse()} and {@link DocTrees}); nothing is compiled.
 *
 * @param packageDoc the Javadoc of {@code package-info.java} as Markdown, or empty
 * @param types      the top-level types, in file name order
 */
record StubDocs(String packageDoc, List<TypeDoc> types) {

    /**
     * A documented top-level type.
     *
     * @param name      simple name
     * @param signature the declaration as written, without body, annotations on one line
     * @param doc       its Javadoc as Markdown
     * @param members   its public members (all non-private members of an interface)
     */
    record TypeDoc(String name, String signature, String doc, List<MemberDoc> members) {
    }

    /**
     * A documented member.
     *
     * @param signature the declaration as written, without body
     * @param doc       its Javadoc as Markdown
     */
    record MemberDoc(String signature, String doc) {
    }

    /** Reads the {@code .java} files directly in {@code packageDir}; empty docs when there are none. */
    static StubDocs read(Path packageDir) {
        List<Path> files;
        try (Stream<Path> list = Files.isDirectory(packageDir) ? Files.list(packageDir) : Stream.empty()) {
            files = list.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            return new StubDocs("", List.of());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("export-template must run on a JDK: no Java compiler is available");
        }
        try (StandardJavaFileManager fm = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) compiler.getTask(null, fm, d -> { }, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            DocTrees trees = DocTrees.instance(task);
            String packageDoc = "";
            List<TypeDoc> types = new ArrayList<>();
            for (CompilationUnitTree unit : task.parse()) {
                CharSequence source = unit.getSourceFile().getCharContent(true);
                if (unit.getSourceFile().getName().endsWith("package-info.java") && unit.getPackage() != null) {
                    packageDoc = JavadocMarkdown.render(trees.getDocCommentTree(new TreePath(new TreePath(unit), unit.getPackage())));
                }
                for (Tree decl : unit.getTypeDecls()) {
                    if (decl instanceof ClassTree type) {
                        types.add(type(trees, unit, source, type));
                    }
                }
            }
            return new StubDocs(packageDoc, types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TypeDoc type(DocTrees trees, CompilationUnitTree unit, CharSequence source, ClassTree type) {
        TreePath path = TreePath.getPath(unit, type);
        boolean iface = type.getKind() == Tree.Kind.INTERFACE || type.getKind() == Tree.Kind.ANNOTATION_TYPE;
        List<MemberDoc> members = new ArrayList<>();
        for (Tree member : type.getMembers()) {
            Set<Modifier> flags = modifiers(member);
            if (flags == null || flags.contains(Modifier.PRIVATE) || !iface && !flags.contains(Modifier.PUBLIC)) {
                continue;
            }
            if (member instanceof MethodTree m && m.getReturnType() == null && isCompactOrImplicit(trees, unit, m)) {
                continue;
            }
            String signature = signature(trees.getSourcePositions(), unit, source, member);
            if (signature.isBlank()) {
                continue;
            }
            members.add(new MemberDoc(signature, JavadocMarkdown.render(trees.getDocCommentTree(new TreePath(path, member)))));
        }
        return new TypeDoc(type.getSimpleName().toString(), signature(trees.getSourcePositions(), unit, source, type),
                JavadocMarkdown.render(trees.getDocCommentTree(path)), members);
    }

    private static boolean isCompactOrImplicit(DocTrees trees, CompilationUnitTree unit, MethodTree m) {
        return trees.getSourcePositions().getStartPosition(unit, m) < 0;
    }

    private static Set<Modifier> modifiers(Tree member) {
        if (member instanceof MethodTree m) {
            return m.getModifiers().getFlags();
        }
        if (member instanceof VariableTree v) {
            return v.getModifiers().getFlags();
        }
        if (member instanceof ClassTree c) {
            return c.getModifiers().getFlags();
        }
        return null;
    }

    /** The declaration's source text up to its body (or initializer), on one line, without {@code @Override}. */
    private static String signature(SourcePositions positions, CompilationUnitTree unit, CharSequence source, Tree tree) {
        long start = positions.getStartPosition(unit, tree);
        long end = positions.getEndPosition(unit, tree);
        if (tree instanceof MethodTree m && m.getBody() != null) {
            end = positions.getStartPosition(unit, m.getBody());
        } else if (tree instanceof ClassTree) {
            end = indexOfBody(source, start, end);
        } else if (tree instanceof VariableTree v && v.getInitializer() != null) {
            boolean constant = v.getModifiers().getFlags().containsAll(Set.of(Modifier.STATIC, Modifier.FINAL));
            if (!constant) {
                end = positions.getStartPosition(unit, v.getInitializer());
            }
        }
        if (start < 0 || end <= start || end > source.length()) {
            return "";
        }
        String text = source.subSequence((int) start, (int) end).toString()
                .replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("//[^\\n]*", " ")
                .replaceAll("@Override\\b", " ")
                .replaceAll("@SuppressWarnings\\((?:[^()]|\\([^()]*\\))*\\)", " ")
                .replaceAll("\\s+", " ")
                .strip();
        return text.replaceAll("\\s*[={;]$", "").strip();
    }

    /** The position of the {@code {} that opens a type's body, outside comments and annotations' parentheses. */
    private static long indexOfBody(CharSequence source, long start, long end) {
        int depth = 0;
        for (int i = (int) start; i < end && i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '*') {
                int close = source.toString().indexOf("*/", i + 2);
                i = close < 0 ? (int) end : close + 1;
            } else if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '/') {
                int nl = source.toString().indexOf('\n', i);
                i = nl < 0 ? (int) end : nl;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '{' && depth == 0) {
                return i;
            }
        }
        return end;
    }
}
