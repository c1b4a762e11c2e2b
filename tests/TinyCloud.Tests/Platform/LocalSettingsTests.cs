using Microsoft.Extensions.Configuration;
using TinyCloud.Functions.Platform;

namespace TinyCloud.Tests.Platform;

public sealed class LocalSettingsTests
{
    [Fact]
    public void ValuesOfLocalSettingsBecomeConfigurationBelowEveryOtherSource()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """
            { "IsEncrypted": false, "Values": { "Mongo__Database": "fromfile", "Blob:Container": "c1", "Drive__MaxUploadMb": 5 } }
            """);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Blob:Container"] = "from-environment" })
            .AddLocalSettings(path)
            .Build();
        configuration["Mongo:Database"].ShouldBe("fromfile");
        configuration["Drive:MaxUploadMb"].ShouldBe("5");
        configuration["Blob:Container"].ShouldBe("from-environment");
        File.Delete(path);
    }

    [Fact]
    public void AMissingLocalSettingsFileChangesNothing()
    {
        var configuration = new ConfigurationBuilder().AddLocalSettings("/nonexistent/local.settings.json").Build();
        configuration.AsEnumerable().ShouldBeEmpty();
    }
}
