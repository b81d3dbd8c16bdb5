package edu.concurrency.grader.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import edu.concurrency.grader.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GradingOutputsTest {

    @Test
    @DisplayName("--format classroom,gradescope writes both result files; the default reports need no format")
    void writesTheRequestedFormats(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out");
        GradingOutputs outputs = GradingOutputs.prepare(dir, null, List.of(ResultFormat.CLASSROOM, ResultFormat.GRADESCOPE),
                Map.of("GITHUB_OUTPUT", output.toString()));
        List<Path> written = outputs.write(SampleReports.partial(), SampleReports.rubric(), false, dir.resolve("r"));
        assertThat(written).contains(dir.resolve("r/results.json"), dir.resolve("r/classroom-result.b64"), output);
        assertThat(Files.readString(output)).startsWith("result=");
        GradingOutputs none = GradingOutputs.prepare(dir, null, List.of(ResultFormat.JSON), Map.of());
        assertThat(none.write(SampleReports.partial(), SampleReports.rubric(), false, dir.resolve("s"))).isEmpty();
    }

    @Test
    @DisplayName("the tamper check's summary becomes the report's first note, so console, report.md and step summary show it")
    void annotatesTheReport(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("grader"));
        Files.writeString(dir.resolve("grader/pom.xml"), "<project/>");
        TamperManifest.compute(dir, List.of(), List.of("grader")).write(dir);
        Files.writeString(dir.resolve("grader/pom.xml"), "<project>edited</project>");
        GradingOutputs outputs = GradingOutputs.prepare(dir.resolve("exercises"), null, List.of(), Map.of());
        Report report = outputs.annotate(SampleReports.partial());
        assertThat(report.notes()).hasSize(2);
        assertThat(report.notes().get(0)).startsWith("Integrity: 1 protected file differs").contains("changed: grader/pom.xml");
        assertThat(report.score()).isEqualTo(11);
        assertThat(GradingOutputs.prepare(dir.resolve("elsewhere/x"), null, List.of(), Map.of()).annotate(report))
                .isSameAs(report);
    }

    @Test
    @DisplayName("--format values are read case-insensitively, and a wrong one names the valid ones")
    void formatConverter() {
        ResultFormat.Converter converter = new ResultFormat.Converter();
        assertThat(converter.convert("Classroom")).isEqualTo(ResultFormat.CLASSROOM);
        assertThat(converter.convert("gradescope")).isEqualTo(ResultFormat.GRADESCOPE);
        assertThat(ResultFormat.JSON.isDefault()).isTrue();
        assertThatThrownBy(() -> converter.convert("xml")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("console, json, markdown, gradescope, classroom");
    }
}
