/**
 * The reports of a grading run: the {@link edu.concurrency.grader.report.Report} model and its
 * three renderings, written by {@link edu.concurrency.grader.report.ReportWriter}:
 * {@code report.json} (machine-readable, schema in the README), {@code report.md} (Markdown fit
 * for a GitHub step summary, rendered with a Mustache template) and a console table.
 */
package edu.concurrency.grader.report;
