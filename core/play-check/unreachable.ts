/** The play side refused the connection or did not resolve: the check cannot judge the stream (not a failure). */
export class PlaySideUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaySideUnreachable';
  }
}
