import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints every failed or erroneous test case of the Surefire and Failsafe XML reports named on the
 * command line, with the first and last lines of its message, so that the end of CI's log (often all that is
 * kept of it) says which case failed and why. Run as a source file: {@code java FailureSummary.java
 * FILE...} (JEP 330). The XML is Surefire's report format:
 * https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd
 */
public class FailureSummary {

    private static final int LINES = 12;
    private static final int LINE_CHARS = 300;

    public static void main(String[] files) throws Exception {
        List<String> out = new ArrayList<>();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        for (String file : files) {
            NodeList cases = factory.newDocumentBuilder().parse(new File(file)).getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testCase = (Element) cases.item(i);
                for (String kind : new String[] {"failure", "error"}) {
                    NodeList problems = testCase.getElementsByTagName(kind);
                    if (problems.getLength() == 0) {
                        continue;
                    }
                    Element problem = (Element) problems.item(0);
                    String message = problem.getAttribute("message");
                    if (message.isBlank()) {
                        message = problem.getTextContent();
                    }
                    out.add("* " + testCase.getAttribute("classname") + " > " + testCase.getAttribute("name")
                            + " (" + kind + ", " + testCase.getAttribute("time") + " s)");
                    List<String> lines = message.lines().toList();
                    if (lines.size() > LINES) {
                        // AssertJ puts the description first and what was expected last: keep both
                        List<String> kept = new ArrayList<>(lines.subList(0, LINES / 2));
                        kept.add("[... " + (lines.size() - LINES) + " lines ...]");
                        kept.addAll(lines.subList(lines.size() - LINES / 2, lines.size()));
                        lines = kept;
                    }
                    lines.stream().map(line -> "    " + (line.length() > LINE_CHARS
                            ? line.substring(0, LINE_CHARS) + "..." : line)).forEach(out::add);
                }
            }
        }
        if (!out.isEmpty()) {
            System.out.println("Failed test cases (the first and last lines of each message):");
            out.forEach(System.out::println);
        }
    }
}
