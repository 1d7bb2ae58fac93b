using PartooKeys.Http;

namespace PartooKeys.Client.Tests;

/// <summary>The answer size cap: a body of exactly the cap is read whole, one byte more is refused, announced or not.</summary>
public sealed class AnswerReaderTests
{
    /// <summary>A body whose length is not known beforehand (chunked): only reading finds it, in pieces of at most <paramref name="piece"/> bytes.</summary>
    private sealed class UnannouncedStream(byte[] body, int piece) : Stream
    {
        private int _at;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, piece), body.Length - _at);
            Array.Copy(body, _at, buffer, offset, n);
            _at += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static byte[] Body(int length) => Enumerable.Range(0, length).Select(i => (byte)(i % 251)).ToArray();

    private static HttpContent Unannounced(byte[] body, int piece = 1000)
    {
        var content = new StreamContent(new UnannouncedStream(body, piece));
        Assert.Null(content.Headers.ContentLength);
        return content;
    }

    [Fact]
    public async Task AnAnnouncedBodyOfExactlyTheCapIsReadWhole()
    {
        var body = Body(5000);
        var read = await AnswerReader.ReadAsync(new ByteArrayContent(body), 5000, CancellationToken.None);
        Assert.Equal(body, read);
    }

    [Fact]
    public async Task AnAnnouncedBodyOverTheCapIsRefusedBeforeReading()
    {
        var content = new StreamContent(new UnannouncedStream(Body(10), 10));
        content.Headers.ContentLength = 5001; // the announcement alone decides
        await Assert.ThrowsAsync<AnswerTooLargeException>(() => AnswerReader.ReadAsync(content, 5000, CancellationToken.None));
    }

    [Fact]
    public async Task AnUnannouncedBodyOfExactlyTheCapIsReadWhole()
    {
        var body = Body(5000);
        Assert.Equal(body, await AnswerReader.ReadAsync(Unannounced(body), 5000, CancellationToken.None));
    }

    [Fact]
    public async Task AnUnannouncedBodyOneByteOverTheCapIsRefused()
    {
        await Assert.ThrowsAsync<AnswerTooLargeException>(() => AnswerReader.ReadAsync(Unannounced(Body(5001)), 5000, CancellationToken.None));
    }

    [Fact]
    public async Task ABodyArrivingInManyPiecesIsReadWholeAndInOrder()
    {
        var body = Body(200_000); // more than one read buffer, in uneven pieces
        Assert.Equal(body, await AnswerReader.ReadAsync(Unannounced(body, 7777), 1_000_000, CancellationToken.None));
    }

    [Fact]
    public async Task AnEmptyBodyIsEmpty()
    {
        Assert.Empty(await AnswerReader.ReadAsync(Unannounced(Array.Empty<byte>()), 10, CancellationToken.None));
        Assert.Empty(await AnswerReader.ReadAsync(new ByteArrayContent(Array.Empty<byte>()), 0, CancellationToken.None));
    }

    [Fact]
    public void TheRefusalSaysWhy() => Assert.Contains("larger than the cap", new AnswerTooLargeException().Message, StringComparison.Ordinal);
}
