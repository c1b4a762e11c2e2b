namespace TinyCloud.Tests.Infrastructure;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TinyCloud.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (TinyCloud.sln) above " + AppContext.BaseDirectory);
    }
}
