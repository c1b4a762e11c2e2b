using System.Diagnostics;

namespace TinyCloud.Bench;

/// <summary>Wall-clock seconds by name (the median is reported) and the host's and the worker's peak memory per path.</summary>
public sealed class Timings
{
    private readonly Dictionary<string, List<double>> _seconds = [];
    private readonly Dictionary<string, string> _peaks = [];

    public async Task TimeAsync(string name, Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        Add(name, clock.Elapsed.TotalSeconds);
    }

    public void Add(string name, double seconds)
    {
        if (!_seconds.TryGetValue(name, out var list))
            _seconds[name] = list = [];
        list.Add(seconds);
    }

    public int Count(string name) => _seconds[name].Count;

    public double Median(string name) => _seconds[name].Order().ElementAt(_seconds[name].Count / 2);

    public void Peak(string name, string memory, bool sinceReset) =>
        _peaks[name] = $"{memory}{(sinceReset ? ", reset just before this path" : ", since start")}";

    public string Peak(string name) => _peaks[name];
}
