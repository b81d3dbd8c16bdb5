package edu.concurrency.grader.classroom;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.EndElementTree;
import com.sun.source.doctree.EntityTree;
import com.sun.source.doctree.LinkTree;
import com.sun.source.doctree.LiteralTree;
import com.sun.source.doctree.ParamTree;
import com.sun.source.doctree.ReturnTree;
import com.sun.source.doctree.SeeTree;
import com.sun.source.doctree.StartElementTree;
import com.sun.source.doctree.TextTree;
import com.sun.source.doctree.ThrowsTree;
import com.sun.source.doctree.UnknownBlockTagTree;
import com.sun.source.doctree.ValueTree;
import com.sun.source.util.SimpleDocTreeVisitor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a Javadoc comment (as parsed by the JDK's compiler, {@link DocCommentTree}) as GitHub
 * Markdown: paragraphs, lists, {@code <pre>} blocks, {@code {@code}} and {@code {@link}} as code
 * spans, and the block tags ({@code @param}, {@code @return}, {@code @throws}, ...) as a list.
 * HTML the converter does not know keeps its text and loses its tags.
 */
final class JavadocMarkdown {
    private static final Map<String, String> ENTITIES = Map.of("lt", "<", "gt", ">", "amp", "&", "quot", "\"",
            "apos", "'", "nbsp", " ", "mdash", "—", "ndash", "–", "hellip", "…", "rarr", "→");

    private JavadocMarkdown() {
    }

    /** The comment as Markdown; the empty string for null. */
    static String render(DocCommentTree doc) {
        if (doc == null) {
            return "";
        }
        Renderer body = new Renderer();
        body.all(doc.getFullBody());
        StringBuilder text = new StringBuilder(body.text());
        List<String> tags = new ArrayList<>();
        for (DocTree tag : doc.getBlockTags()) {
            String line = blockTag(tag);
            if (!line.isBlank()) {
                tags.add(line);
            }
        }
        if (!tags.isEmpty()) {
            text.append("\n\n");
            tags.forEach(t -> text.append("- ").append(t).append('\n'));
        }
        return tidy(text.toString());
    }

    private static String blockTag(DocTree tag) {
        if (tag instanceof ParamTree p) {
            String name = p.isTypeParameter() ? "<" + p.getName() + ">" : p.getName().toString();
            return "`" + name + "`: " + inline(p.getDescription());
        }
        if (tag instanceof ReturnTree r) {
            return "Returns: " + inline(r.getDescription());
        }
        if (tag instanceof ThrowsTree t) {
            return "Throws `" + t.getExceptionName() + "`: " + inline(t.getDescription());
        }
        if (tag instanceof SeeTree s) {
            return "See: " + inline(s.getReference());
        }
        if (tag instanceof UnknownBlockTagTree u) {
            return note(u.getTagName()) + inline(u.getContent());
        }
        return ""; // @since, @author, @version, @serial, @deprecated: not part of the handout
    }

    private static String note(String tagName) {
        return switch (tagName) {
            case "apiNote" -> "API note: ";
            case "implNote" -> "Implementation note: ";
            case "implSpec" -> "Implementation requirements: ";
            default -> tagName + ": ";
        };
    }

    private static String inline(List<? extends DocTree> trees) {
        Renderer r = new Renderer();
        r.all(trees);
        return r.text().replaceAll("\\s*\\n\\s*", " ").strip();
    }

    /** Collapses runs of blank lines and trailing spaces (outside code fences the renderer wrote). */
    private static String tidy(String text) {
        StringBuilder out = new StringBuilder();
        boolean fence = false;
        int blank = 0;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("```")) {
                fence = !fence;
            }
            String l = fence || line.startsWith("```") ? line : line.stripTrailing();
            if (!fence && l.isBlank()) {
                if (++blank > 1 || out.length() == 0) {
                    continue;
                }
                out.append('\n');
                continue;
            }
            blank = 0;
            out.append(fence || line.startsWith("```") ? l : l.replaceFirst("^ ++(?![-0-9])", "")).append('\n');
        }
        return out.toString().strip();
    }

    /** Walks inline content and HTML, writing Markdown. */
    private static final class Renderer extends SimpleDocTreeVisitor<Void, Void> {
        private final StringBuilder out = new StringBuilder();
        private final Deque<String> lists = new ArrayDeque<>();
        private final Deque<Integer> counters = new ArrayDeque<>();
        private boolean pre;
        private int preStart;

        String text() {
            return out.toString();
        }

        void all(List<? extends DocTree> trees) {
            trees.forEach(t -> visit(t, null));
        }

        @Override
        protected Void defaultAction(DocTree node, Void p) {
            text(node.toString());
            return null;
        }

        @Override
        public Void visitText(TextTree node, Void p) {
            text(node.getBody());
            return null;
        }

        private void text(String s) {
            if (pre) {
                out.append(s);
            } else {
                out.append(s.replaceAll("\\s*\\n\\s*", " ").replace("*", "\\*").replace("<", "&lt;"));
            }
        }

        @Override
        public Void visitLiteral(LiteralTree node, Void p) {
            String body = node.getBody().getBody();
            if (pre) {
                out.append(body);
            } else if (node.getKind() == DocTree.Kind.CODE) {
                code(body);
            } else {
                text(body);
            }
            return null;
        }

        @Override
        public Void visitLink(LinkTree node, Void p) {
            if (!node.getLabel().isEmpty()) {
                Renderer label = new Renderer();
                label.all(node.getLabel());
                out.append(label.text().strip());
            } else {
                code(reference(node.getReference().getSignature()));
            }
            return null;
        }

        @Override
        public Void visitValue(ValueTree node, Void p) {
            code(node.getReference() == null ? "value" : reference(node.getReference().getSignature()));
            return null;
        }

        @Override
        public Void visitEntity(EntityTree node, Void p) {
            String name = node.getName().toString();
            String value = ENTITIES.get(name);
            if (value == null && name.startsWith("#")) {
                try {
                    int cp = name.startsWith("#x") || name.startsWith("#X")
                            ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                    value = new String(Character.toChars(cp));
                } catch (IllegalArgumentException e) {
                    value = null;
                }
            }
            String v = value == null ? "&" + name + ";" : value;
            out.append(pre ? v : v.replace("<", "&lt;"));
            return null;
        }

        @Override
        public Void visitStartElement(StartElementTree node, Void p) {
            String tag = node.getName().toString().toLowerCase(Locale.ROOT);
            switch (tag) {
                case "p" -> out.append("\n\n");
                case "br" -> out.append("  \n");
                case "ul", "ol" -> {
                    lists.push(tag);
                    counters.push(0);
                    out.append("\n");
                }
                case "li" -> {
                    int depth = Math.max(0, lists.size() - 1);
                    String bullet = "-";
                    if ("ol".equals(lists.peek())) {
                        int n = counters.pop() + 1;
                        counters.push(n);
                        bullet = n + ".";
                    }
                    out.append("\n").append("  ".repeat(depth)).append(bullet).append(' ');
                }
                case "pre" -> {
                    pre = true;
                    out.append("\n\n```java\n");
                    preStart = out.length();
                }
                case "code", "tt" -> out.append(pre ? "" : "`");
                case "b", "strong" -> out.append("**");
                case "i", "em", "cite" -> out.append("*");
                case "h1", "h2", "h3", "h4", "h5", "h6" -> out.append("\n\n#### ");
                case "blockquote" -> out.append("\n\n> ");
                case "dt" -> out.append("\n\n**");
                case "dd" -> out.append("\n: ");
                default -> {
                    // other tags keep their text only
                }
            }
            return null;
        }

        @Override
        public Void visitEndElement(EndElementTree node, Void p) {
            String tag = node.getName().toString().toLowerCase(Locale.ROOT);
            switch (tag) {
                case "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote" -> out.append("\n\n");
                case "ul", "ol" -> {
                    if (!lists.isEmpty()) {
                        lists.pop();
                        counters.pop();
                    }
                    out.append("\n\n");
                }
                case "pre" -> {
                    pre = false;
                    String block = dedent(out.substring(preStart));
                    out.setLength(preStart);
                    if (isShell(block)) {
                        out.replace(preStart - "java\n".length(), preStart, "bash\n");
                    }
                    out.append(block).append("\n```\n\n");
                }
                case "code", "tt" -> out.append(pre ? "" : "`");
                case "b", "strong" -> out.append("**");
                case "i", "em", "cite" -> out.append("*");
                case "dt" -> out.append("**");
                default -> {
                    // nothing to close
                }
            }
            return null;
        }

        private void code(String s) {
            String body = s.replaceAll("\\s+", " ").strip();
            String fence = body.contains("`") ? "`` " : "`";
            out.append(fence).append(body).append(fence.strip().equals("``") ? " ``" : "`");
        }

        /** Whether every line of a {@code <pre>} block is a command (mvn, java -jar, git, cd, ...) rather than Java. */
        private static boolean isShell(String block) {
            return !block.isBlank() && block.lines().filter(l -> !l.isBlank())
                    .allMatch(l -> l.matches("\\s*(\\$ |mvn |java -|git |cd |\\./|bash |sh |#).*"));
        }

        /** A {@code <pre>} block's lines without leading and trailing blank lines and common indentation. */
        private static String dedent(String block) {
            List<String> lines = new ArrayList<>(List.of(block.split("\n", -1)));
            while (!lines.isEmpty() && lines.get(0).isBlank()) {
                lines.remove(0);
            }
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
            int indent = lines.stream().filter(l -> !l.isBlank())
                    .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
            return String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList());
        }

        private static String reference(String signature) {
            String s = signature.startsWith("#") ? signature.substring(1) : signature.replace('#', '.');
            return s.replaceAll("\\s+", " ");
        }
    }
}
