/**
 * The command-line tool, {@code java -jar grader/target/concurrency-grader.jar}, built with picocli.
 * {@code grade [SUBMISSION]} grades a submission and writes the reports; {@code batch ROOT} grades a
 * class and {@code merge} combines the outputs of its shards; {@code --help} lists the options.
 */
package edu.concurrency.grader.cli;
