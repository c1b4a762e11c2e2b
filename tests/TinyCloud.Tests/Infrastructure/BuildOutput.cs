namespace TinyCloud.Tests.Infrastructure;

/// <summary>Where the build put the function app and the Functions host emulator, in this test run's configuration.</summary>
public static class BuildOutput
{
    /// <summary>Debug or Release: the configuration these tests were built in, and so the worker too.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string WorkerDirectory { get; } =
        Path.Combine(RepoPaths.Root, "TinyCloud.Functions", "bin", Configuration, "net10.0");

    public static string FunctionsHost { get; } =
        Path.Combine(RepoPaths.Root, "tests", "FunctionsHost", "bin", Configuration, "net10.0", "FunctionsHost.dll");
}
