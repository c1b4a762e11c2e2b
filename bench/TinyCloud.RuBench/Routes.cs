using System.Net;
using System.Text.Json.Nodes;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.RuBench;

/// <summary>One route measured: the median request units and commands of its requests, and the largest.</summary>
public sealed record Row(string Name, int Runs, double MedianRu, double MaxRu, long MedianCommands);

public sealed class Routes(StandInControl meter, string database)
{
    private readonly List<Row> _rows = [];

    public void Add(Row row)
    {
        _rows.Add(row);
        Console.WriteLine($"  measured {row.Name}");
    }

    public async Task<Row> MeasureAsync(string name, int runs, Func<int, Task<(HttpStatusCode Status, JsonNode Body)>> request)
    {
        var charges = new List<double>();
        var commands = new List<long>();
        for (var run = 0; run < runs; run++)
        {
            await meter.RuMeterAsync(database, reset: true);
            var (status, body) = await request(run);
            if (status != HttpStatusCode.OK)
                throw new InvalidOperationException($"{name}: {status} {body.ToJsonString()}");
            var used = await meter.RuMeterAsync(database, reset: true);
            charges.Add(used.RequestCharge);
            commands.Add(used.Requests);
        }
        return new Row(name, runs, charges.Order().ElementAt(runs / 2), charges.Max(), commands.Order().ElementAt(runs / 2));
    }

    public void Print()
    {
        Console.WriteLine($"  {"route",-46} {"runs",4} {"RU (median)",12} {"RU (max)",10} {"commands",9}");
        foreach (var row in _rows)
            Console.WriteLine($"  {row.Name,-46} {row.Runs,4} {row.MedianRu,12:F1} {row.MaxRu,10:F1} {row.MedianCommands,9}");
    }
}
