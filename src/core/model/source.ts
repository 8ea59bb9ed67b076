// Where a value came from in the course sources. Its own module so that course.ts and questions.ts,
// which both point back at sources, do not import each other.

/** A position in a source file, 1-based like editors show it. */
export interface Point {
  line: number;
  column: number;
}

export interface Position {
  start: Point;
  end?: Point;
}

/** Where a value came from: a course-relative path (POSIX separators) and a place in it. */
export interface SourceRef {
  file: string;
  position?: Position;
}
