using System.Text.Json;
using System.Text.Json.Nodes;
using TinyCloud.Functions.Deployment;
using TinyCloud.Functions.Platform;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Deployment;

public sealed class FunctionJsonTests
{
    [Fact]
    public void AnHttpFunctionGetsAnAnonymousTriggerForItsMethodAndRouteAndAnHttpOutputNamedRes()
    {
        var json = FunctionJson.ForHttp(new FunctionRoute("POST", "/shared/{user_name}/{hashed_link}/file", Access.Verified));

        var bindings = json["bindings"]!.AsArray();
        bindings.Count.ShouldBe(2);
        var trigger = bindings[0]!;
        trigger["type"]!.GetValue<string>().ShouldBe("httpTrigger");
        trigger["direction"]!.GetValue<string>().ShouldBe("in");
        trigger["authLevel"]!.GetValue<string>().ShouldBe("anonymous");
        trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["post"]);
        trigger["route"]!.GetValue<string>().ShouldBe("shared/{user_name}/{hashed_link}/file");
        var output = bindings[1]!;
        (output["type"]!.GetValue<string>(), output["direction"]!.GetValue<string>(), output["name"]!.GetValue<string>())
            .ShouldBe(("http", "out", "res"));
    }

    [Fact]
    public void ATimerFunctionGetsOnlyATimerTriggerWhoseScheduleIsTheAppSetting()
    {
        var json = FunctionJson.ForTimer(new TimerEntry("TempCleanup", typeof(object), "Cleanup:Schedule"));

        var trigger = json["bindings"]!.AsArray().ShouldHaveSingleItem()!;
        trigger["type"]!.GetValue<string>().ShouldBe("timerTrigger");
        trigger["direction"]!.GetValue<string>().ShouldBe("in");
        trigger["schedule"]!.GetValue<string>().ShouldBe("%Cleanup__Schedule%");
    }

    [Fact]
    public void TheWriterCreatesOneFolderPerFunctionAndNothingElse()
    {
        var directory = Directory.CreateTempSubdirectory("tinycloud-function-json-");
        try
        {
            FunctionJson.WriteAll(directory.FullName).ShouldBe(0);

            var expected = FunctionCatalog.All.Select(f => f.Name).Concat(TimerCatalog.All.Select(t => t.Name)).Distinct();
            directory.GetDirectories().Select(d => d.Name).Order().ShouldBe(expected.Order());
            foreach (var folder in directory.GetDirectories())
                JsonNode.Parse(File.ReadAllText(Path.Combine(folder.FullName, "function.json")))!["bindings"]!.AsArray().ShouldNotBeEmpty();
            directory.GetFiles().ShouldBeEmpty();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void EveryTimerScheduleSettingIsInTheSampleSettings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values");
        foreach (var timer in TimerCatalog.All)
            values.TryGetProperty(FunctionJson.SettingReference(timer.ScheduleSetting).Trim('%'), out _)
                .ShouldBeTrue($"{timer.Name} reads {timer.ScheduleSetting}, which local.settings.sample.json lacks");
    }
}
