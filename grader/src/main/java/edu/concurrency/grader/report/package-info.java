/**
 * The reports of a grading run: the {@link edu.concurrency.grader.report.Report} model and its
 * four renderings, written by {@link edu.concurrency.grader.report.ReportWriter}:
 * {@code report.json} (machine-readable, schema in the README), {@code report.md} (Markdown fit
 * for a GitHub step summary, rendered with a Mustache template), {@code report.html} (one
 * self-contained page, also a Mustache template) and a console table.
 * {@link edu.concurrency.grader.report.HtmlPage} holds what the HTML pages share, the class
 * report's included.
 */
package edu.concurrency.grader.report;
