namespace TinyCloud.Functions.Drive;

/// <summary>
/// ZipArchive still writes headers synchronously even through its async API, and Kestrel forbids synchronous
/// writes. The archive writes into this buffer instead, and the zip writer drains it to the response
/// asynchronously after every chunk, so it never holds more than about one chunk.
/// </summary>
public sealed class DrainableStream(Stream destination) : Stream
{
    private readonly MemoryStream _pending = new();

    public async Task DrainAsync(CancellationToken ct)
    {
        if (_pending.Length == 0)
            return;
        await destination.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
        _pending.SetLength(0);
    }

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        _pending.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
    {
        _pending.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
