/** Types of build/after-pack.mjs for the tests. */
export interface PackContext {
  appOutDir: string
  electronPlatformName: string
  packager: { appInfo: { productFilename: string }; executableName?: string }
}
export interface FusesModule {
  flipFuses(path: string, config: Record<string | number, unknown>): Promise<unknown>
  FuseVersion: { V1: string }
  FuseV1Options: Record<string, number | string>
}
export function fuseSettings(FuseV1Options: Record<string, number | string>): Record<number, boolean>
export function electronBinary(context: PackContext): string
export function flipPackagedFuses(context: PackContext, fuses: FusesModule): Promise<void>
export default function afterPack(context: PackContext): Promise<void>
