package edu.concurrency.grader.classreport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A relative file path as the value of an {@code href}: separators become {@code /} and every
 * segment is percent-encoded as UTF-8 (RFC 3986; {@link URLEncoder}'s form encoding with a space
 * as {@code %20}), so that a folder named {@code a b#1} or {@code javascript:x} stays a relative
 * path to that folder and never becomes a fragment, a query or a scheme.
 */
final class RelativeLink {

    private RelativeLink() {
    }

    static String of(String path) {
        return Arrays.stream(path.replace('\\', '/').split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }
}
