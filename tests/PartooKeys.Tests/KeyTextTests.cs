using System.Net;
using PartooKeys.Connection;

namespace PartooKeys.Tests;

/// <summary>KeyText: what counts as a blank key (refused by Connect-Partoo and the vault read), and the SecureString it makes.</summary>
public sealed class KeyTextTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" \t\r\n\u00a0")]
    public void EmptyOrOnlyWhitespaceIsBlank(string text) => Assert.True(KeyText.IsBlank(KeyText.FromString(text)));

    [Theory]
    [InlineData("k")]
    [InlineData("  k")]
    [InlineData("k  ")]
    [InlineData(" \tk\t ")]
    public void AnyOtherCharacterMakesAKey(string text) => Assert.False(KeyText.IsBlank(KeyText.FromString(text)));

    [Fact]
    public void TheSecureStringHoldsEveryCharacterInOrder()
    {
        const string text = "not-a-secret é\t1";
        Assert.Equal(text, new NetworkCredential(string.Empty, KeyText.FromString(text)).Password);
    }
}
