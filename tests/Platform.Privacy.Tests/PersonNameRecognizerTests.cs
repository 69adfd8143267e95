using static Platform.Privacy.Tests.RedactionAssert;

namespace Platform.Privacy.Tests;

public sealed class PersonNameRecognizerTests
{
    [Theory]
    [InlineData("Hi, my name is Sarah Connor and my order is late", "Sarah Connor")]
    [InlineData("my name is bartholomew nowak, order 123", "bartholomew nowak")]
    [InlineData("I'm Priya Sharma, I ordered a tent", "Priya Sharma")]
    [InlineData("Hello, this is Tamsin from Acme about our bulk order", "Tamsin")]
    [InlineData("Name: Ottilie Walsh\nEmail: none", "Ottilie Walsh")]
    [InlineData("Thanks for your help!\nRegards, Kwame", "Kwame")]
    [InlineData("Kind regards,\nLeopold Nguyen", "Leopold Nguyen")]
    [InlineData("When I called I was told to ask for Niamh in billing", "Niamh")]
    [InlineData("hi its lars again", "lars")]
    [InlineData("The parcel was signed for by Maria Lopez yesterday", "Maria Lopez")]
    [InlineData("Please send it to Pieter van der Berg at the office", "Pieter van der Berg")]
    [InlineData("Chloé Dubois placed the order", "Chloé Dubois")]
    public void Redact_Name_IsFound(string text, string expected) => Finds(PiiType.PersonName, text, expected);

    [Theory]
    [InlineData("Is the Summit 2 Tent waterproof?")]
    [InlineData("Victoria Sofa arrived scratched")]
    [InlineData("The Madison Desk is wobbly")]
    [InlineData("Monday the tent broke. Please Help")]
    [InlineData("I'm sorry but it's been 2 weeks")]
    [InlineData("I'm Canadian, do you ship here?")]
    [InlineData("Thanks, that fixed it. Amazon said it would take longer")]
    [InlineData("this is Ridiculous")]
    [InlineData("Dear support team, hello there")]
    [InlineData("Sent from my iPhone")]
    public void Redact_NoName_IsKept(string text) => FindsNo(PiiType.PersonName, text);
}
