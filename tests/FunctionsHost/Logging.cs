namespace FunctionsHost;

/// <summary>Single-line console logs on stdout; framework chatter only from Warning up.</summary>
public static class Logging
{
    public static void Configure(ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Grpc", LogLevel.Warning);
        logging.AddFilter("Yarp", LogLevel.Error); // forwarding failures are logged by HttpInvoker
    }
}
