import { temporalCliPath, temporalTestServerPath } from './paths';

// Fail fast with a clear message when the toolchain `make test` installs is missing.
export default async function globalSetup(): Promise<void> {
  temporalCliPath();
  temporalTestServerPath();
}
