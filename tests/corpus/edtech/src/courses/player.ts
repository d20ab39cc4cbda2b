import { lessonEvent, withStudent } from '../platform/learning-events';
import { telemetry, type Student } from '../platform/telemetry';

/** Level 3: the player, three files away from the SDK. */
export function onLessonFinished(student: Student, lessonId: string, score: number) {
  lessonEvent('finished', { lessonId, score, student_email: student.email }); // expect: posthog email @wrapper; google-tag-manager email @wrapper
  lessonEvent('finished', { lessonId, age: student.age }); // expect: posthog date_of_birth @wrapper; google-tag-manager date_of_birth @wrapper
  telemetry.conversion('lesson_complete', { value: score, guardian: student.guardianEmail }); // expect: google-analytics email @wrapper
  telemetry.person(student);
}

export function onLessonStarted(load: () => Student, lessonId: string) {
  withStudent(load, (student) => lessonEvent('started', { lessonId, learner: student.name })); // expect: posthog name @callback; google-tag-manager name @callback
}

export function classReport(students: Student[], lessonId: string) {
  for (const student of students) {
    telemetry.event('class_report', { lessonId, student_id: student.id }); // expect: posthog user_id @wrapper; google-tag-manager user_id @wrapper
  }
  students.forEach((student) => telemetry.event('needs', { support: student.accessibility?.disability })); // expect: posthog health @wrapper; google-tag-manager health @wrapper
}
