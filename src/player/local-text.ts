// Free texts (assignments, essays) kept in this browser too: under SCORM 1.2 they do not fit the
// 4,096-character suspend data, so the device copy is what brings them back on resume.

export const localText = {
  get(key: string): string | undefined {
    try {
      return localStorage.getItem(`ajar-text:${key}`) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(`ajar-text:${key}`, value);
    } catch {
      /* storage unavailable */
    }
  },
};
