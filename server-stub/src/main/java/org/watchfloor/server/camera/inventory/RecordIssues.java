package org.watchfloor.server.camera.inventory;

import java.util.ArrayList;
import java.util.List;
import org.watchfloor.proto.v1.ImportIssue;
import org.watchfloor.proto.v1.ImportIssueSeverity;

/** The issues of one record, collected in the order its fields are checked. */
final class RecordIssues {

  private final List<ImportIssue> issues;

  RecordIssues(List<ImportIssue> found) {
    this.issues = new ArrayList<>(found);
  }

  static ImportIssue warning(String field, String message) {
    return issue(ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_WARNING, field, message);
  }

  static ImportIssue error(String field, String message) {
    return issue(ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_ERROR, field, message);
  }

  private static ImportIssue issue(ImportIssueSeverity severity, String field, String message) {
    return ImportIssue.newBuilder()
        .setSeverity(severity)
        .setField(field)
        .setMessage(message)
        .build();
  }

  void warn(String field, String message) {
    issues.add(warning(field, message));
  }

  void reject(String field, String message) {
    issues.add(error(field, message));
  }

  void addAll(List<ImportIssue> more) {
    issues.addAll(more);
  }

  boolean hasError() {
    return issues.stream().anyMatch(RecordIssues::isError);
  }

  boolean hasErrorOn(String field) {
    return issues.stream().anyMatch(issue -> isError(issue) && issue.getField().equals(field));
  }

  List<ImportIssue> list() {
    return List.copyOf(issues);
  }

  private static boolean isError(ImportIssue issue) {
    return issue.getSeverity() == ImportIssueSeverity.IMPORT_ISSUE_SEVERITY_ERROR;
  }
}
