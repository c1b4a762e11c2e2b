namespace TinyCloud.Functions.Http;

/// <summary>The original API's unit for sizes and quotas: a float of bytes / 2^20, not rounded (clients format it).</summary>
public static class Megabytes
{
    public static double Of(long bytes) => bytes / 1048576.0;
}
