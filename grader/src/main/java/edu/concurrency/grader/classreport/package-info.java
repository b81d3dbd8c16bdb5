/**
 * {@code class-report.html}: a graded class ({@link edu.concurrency.grader.gradebook.ClassSummary},
 * the content of {@code summary.json}) as one self-contained page for the instructor, written by
 * {@link edu.concurrency.grader.classreport.ClassReportWriter} for {@code batch} and {@code merge}.
 *
 * <p>The page shows the score distribution as an inline SVG histogram with mean and median, a
 * criteria table with pass rates, the most frequent failure feedback per criterion with the hazard
 * it names and the students it affects, and the student table with one coloured cell per
 * criterion, each name linking to that student's {@code report.html}. It shares its stylesheet and
 * script with {@code report.html} ({@link edu.concurrency.grader.report.HtmlPage}); the tables are
 * plain HTML, the script only sorts and filters them.
 */
package edu.concurrency.grader.classreport;
