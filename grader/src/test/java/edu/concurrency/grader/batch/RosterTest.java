package edu.concurrency.grader.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RosterTest {

    @Test
    void classroomRosterExportIsMatchedByGithubUsername(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("roster.csv"), "\uFEFFidentifier,github_username,github_id,name\n"
                + "s1001,alice,1,\"Archer, Alice\"\n\ns1002,Bob,2,Bob Builder\n");

        Roster roster = Roster.read(file);

        assertThat(roster.entries()).containsExactly(new RosterEntry("alice", "Archer, Alice", null, null),
                new RosterEntry("Bob", "Bob Builder", null, null));
        assertThat(roster.find("bob")).as("GitHub usernames ignore case").isPresent();
    }

    @Test
    void namesEmailAndSectionFromTheirColumns(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("roster.csv"), "User Name,First Name,Last Name,E-mail,Section\n"
                + "carol,Carol,Chen,c@u.edu,2\n");
        assertThat(Roster.read(file).entries()).containsExactly(new RosterEntry("carol", "Carol Chen", "c@u.edu", "2"));
    }

    @Test
    void noIdentifierColumnNamesTheHeader(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("roster.csv"), "name,email\nAlice,a@u.edu\n");
        assertThatThrownBy(() -> Roster.read(file)).isInstanceOf(RosterException.class)
                .hasMessage(file + ":1:1: no identifier column: the header needs one of github_username, username, user_name, login,"
                        + " user, identifier, student, id");
    }

    @Test
    void anEmptyIdentifierNamesLineAndColumn(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("roster.csv"), "name,username\nAlice,alice\nBob,\n");
        assertThatThrownBy(() -> Roster.read(file)).isInstanceOf(RosterException.class)
                .hasMessage(file + ":3:5: empty username (column 2)");
    }

    @Test
    void aStudentListedTwiceNamesBothLines(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("roster.csv"), "username\nalice\nbob\nAlice\n");
        assertThatThrownBy(() -> Roster.read(file)).isInstanceOf(RosterException.class)
                .hasMessage(file + ":4:1: student Alice is listed twice (first on line 2)");
    }

    @Test
    void malformedCsvNamesWhereTheParserStopped(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("roster.csv"), "username,name\nalice,\"Alice\" Archer\n");
        assertThatThrownBy(() -> Roster.read(file)).isInstanceOf(RosterException.class)
                .hasMessageStartingWith(file + ":2:").hasMessageContaining("not valid CSV");
    }

    @Test
    void anEmptyFileNeedsAHeader(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("roster.csv"), "");
        assertThatThrownBy(() -> Roster.read(file)).hasMessage(file + ":1:1: empty: a header line is needed");
    }
}
