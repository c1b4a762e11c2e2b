using Microsoft.Extensions.Options;
using TinyCloud.Functions;

var app = TinyCloudApp.Build(args);
try
{
    // Check every setting before the host starts, so a bad configuration names its keys instead of a stack trace.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
}
catch (Exception ex) when (ex is OptionsValidationException or AggregateException)
{
    var failures = ex is AggregateException aggregate
        ? aggregate.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)
        : ((OptionsValidationException)ex).Failures;
    foreach (var failure in failures)
        Console.Error.WriteLine($"Configuration error: {failure}");
    return 1;
}
await app.RunAsync();
return 0;

public partial class Program;
