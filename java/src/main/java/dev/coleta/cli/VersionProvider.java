package dev.coleta.cli;

import picocli.CommandLine;

/** {@code coleta --version}: the jar's version and the native library it loads. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        String nativeV;
        try {
            nativeV = dev.coleta.llama.NativeLibrary.version() + "; CPU build "
                    + dev.coleta.llama.NativeLibrary.cpuVariant().map(dev.coleta.llama.CpuVariant::id).orElse("named by path");
        } catch (RuntimeException e) {
            nativeV = "native library not loadable: " + e.getMessage();
        }
        return new String[] {"coleta " + (v == null ? "dev" : v), nativeV};
    }
}
