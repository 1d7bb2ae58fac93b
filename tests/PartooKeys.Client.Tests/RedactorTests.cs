using System.Net;
using System.Security;
using System.Text;
using PartooKeys.Http;

namespace PartooKeys.Client.Tests;

/// <summary>
/// The redaction contract, at its edges: the shortest secret searched for, an escaped echo that starts
/// with the secret, text left as it was where it holds no secret, and a proxy without a password.
/// </summary>
public sealed class RedactorTests
{

    [Fact]
    public void AKeyOfFourCharactersIsTheShortestRemoved()
    {
        Assert.Equal("key *** refused", new Redactor(Secure("k3Y9")).Redact("key k3Y9 refused"));
        // Three characters would blank ordinary words: not searched for.
        Assert.Equal("key k3Y refused", new Redactor(Secure("k3Y")).Redact("key k3Y refused"));
    }

    [Fact]
    public void AQueryValueOfFourCharactersIsRemoved()
    {
        var redactor = new Redactor(null).For(new[] { new KeyValuePair<string, string>("search_text", "wxyz") });
        Assert.Equal("search_text=*** unknown", redactor.Redact("search_text=wxyz unknown"));
    }

    [Theory]
    [InlineData("%53ECRET-KEY-0123 was refused")]        // URL escape as the first character
    [InlineData("&#83;ECRET-KEY-0123 was refused")]      // HTML entity as the first character
    [InlineData("\\u0053ECRET-KEY-0123 was refused")]    // JSON escape as the first character
    [InlineData("SECRET-KEY-01%32%33 was refused")]      // the secret at the very start, escaped further on
    public void AnEscapedEchoThatStartsWithTheKeyIsShownDecodedWithoutIt(string echo)
    {
        var shown = new Redactor(Secure("SECRET-KEY-0123")).Redact(echo);
        Assert.Equal("*** was refused", shown);
    }

    [Theory]
    [InlineData("Tom &amp; Jerry: not found")]
    [InlineData("a %41 b: not found")]
    [InlineData("name \\u0041: not found")]
    public void EscapedTextWithoutTheKeyIsLeftAsItCame(string text)
    {
        Assert.Equal(text, new Redactor(Secure("SECRET-KEY-0123")).Redact(text));
    }

    [Fact]
    public void TextWithoutEscapesOrTheKeyIsUnchanged()
    {
        Assert.Equal("nothing to hide here", new Redactor(Secure("SECRET-KEY-0123")).Redact("nothing to hide here"));
        Assert.Null(new Redactor(Secure("SECRET-KEY-0123")).Redact(null));
        Assert.Equal(string.Empty, new Redactor(Secure("SECRET-KEY-0123")).Redact(string.Empty));
    }

    [Fact]
    public void AProxyPasswordIsRemovedAlsoAsTheBasicHeaderValue()
    {
        var proxy = new NetworkCredential("proxyuser", "pr0xy-pass");
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("proxyuser:pr0xy-pass"));
        var shown = new Redactor(null, proxy).Redact($"Proxy-Authorization: Basic {basic}; password pr0xy-pass");
        Assert.Equal("Proxy-Authorization: Basic ***; password ***", shown);
    }

    [Fact]
    public void AProxyWithoutAPasswordRedactsNothingOfIts()
    {
        // No password, no secret: the user name and "user:" in base64 are not secrets.
        var proxy = new NetworkCredential("proxyuser", string.Empty);
        var userOnly = Convert.ToBase64String(Encoding.UTF8.GetBytes("proxyuser:"));
        var text = $"Proxy-Authorization: Basic {userOnly} for proxyuser";
        Assert.Equal(text, new Redactor(null, proxy).Redact(text));
    }

    [Fact]
    public void EveryOccurrenceIsRemovedWhateverItsCase()
    {
        Assert.Equal("*** and *** and ***.", new Redactor(Secure("Secret-Key-0123")).Redact("Secret-Key-0123 and SECRET-KEY-0123 and secret-key-0123."));
    }
}
