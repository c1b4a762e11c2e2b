namespace FunctionsHost;

/// <summary>Command line: <c>--script-root DIR [--port 7071] [--host-address 127.0.0.1] [--verbose]</c>.</summary>
public sealed record HostArguments(string ScriptRoot, int Port, string HostAddress, bool Verbose)
{
    public const string Usage = "usage: FunctionsHost --script-root DIR [--port 7071] [--host-address 127.0.0.1] [--verbose]";

    public static HostArguments? Parse(string[] args, TextWriter error)
    {
        string? scriptRoot = null;
        var port = 7071;
        var hostAddress = "127.0.0.1";
        var verbose = false;

        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--script-root": scriptRoot = Next(); break;
                    case "--port": port = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                    case "--host-address": hostAddress = Next(); break;
                    case "--verbose": verbose = true; break;
                    default: throw new ArgumentException($"unknown argument {args[i]}");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
            {
                error.WriteLine(ex.Message);
                error.WriteLine(Usage);
                return null;
            }
        }

        if (scriptRoot is null || !Directory.Exists(scriptRoot))
        {
            error.WriteLine(scriptRoot is null ? "--script-root is required" : $"script root not found: {scriptRoot}");
            error.WriteLine(Usage);
            return null;
        }

        return new HostArguments(Path.GetFullPath(scriptRoot), port, hostAddress, verbose);
    }
}
