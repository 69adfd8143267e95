using Platform.Conversations.Replies;

namespace Platform.Conversations.Tests;

public sealed class ClaimCheckTests
{
    private const string PaymentMethods = """
        What payment methods do you accept?

        We accept Visa, Mastercard, American Express, Discover, PayPal, Apple Pay, Google Pay, Klarna and Ridgeline gift cards. Your card is authorized when you place the order but only charged when the order ships.
        """;

    private const string Installments = """
        Can I pay in installments?

        Yes, with Klarna's buy now, pay later option: choose Klarna at checkout to split orders between $35 and $1,000 into 4 interest-free payments, with the first payment due at checkout and the rest every two weeks.
        """;

    private const string ShippingCost = """
        How much does shipping cost, and when is it free?

        Standard shipping is free when you spend $75 or more, our free-shipping minimum, on an order shipped within the contiguous United States. Orders under $75 pay a flat $6.95 for standard shipping. Expedited and overnight shipping cost extra and are never free.
        """;

    private const string International = """
        Do you ship internationally?

        Yes, we deliver to Canada and 28 other countries: the United Kingdom and all 27 European Union countries. International shipping starts at $19.95 to Canada and $29.95 to other countries, and delivery takes 6 to 14 business days.
        """;

    private const string ReturnWindow = """
        How long do I have to return something?

        You have 60 days from the delivery date to send back most items for a full refund. Ridgeline Rewards members get 90 days.
        """;

    private const string Contact = """
        How can I contact customer service?

        Our phone number is 1-800-555-0142, our email address is support@ridgeline-outfitters.example, and we reply to emails within 1 business day.
        """;

    [Fact]
    public void YesFrameIsUnsupportedWhenThePassageNeverNamesTheAskedPaymentMethod()
    {
        var result = ClaimCheck.Check(
            "Can I pay with PayPal?",
            "Yes, with Klarna's buy now, pay later option: choose Klarna at checkout to split orders between $35 and $1,000 into 4 interest-free payments, with the first payment due at checkout and the rest every two weeks.",
            [Installments, PaymentMethods]);

        Assert.False(result.IsSupported);
        Assert.Contains(result.Unsupported, c => c.Kind == ClaimKind.Polarity && c.Reason.Contains("paypal", StringComparison.Ordinal));
        Assert.Contains(result.Unsupported, c => c.Kind == ClaimKind.AskedEntity && c.Claim == "PayPal");
    }

    [Fact]
    public void YesWeAcceptPayPal_CitingThePaymentMethodsPassage_IsSupported()
    {
        var result = ClaimCheck.Check("Can I pay with PayPal?", "Yes, we accept PayPal.", [Installments, PaymentMethods]);

        Assert.True(result.IsSupported, result.ToString());
    }

    [Fact]
    public void LowerCaseQuestion_StillFindsThePaymentMethodTheKnowledgeBaseNames()
    {
        var wrong = ClaimCheck.Check("do u take paypal", "Yes! Choose Klarna at checkout.", [Installments, PaymentMethods]);
        var right = ClaimCheck.Check("do u take paypal", "Yes, we accept Visa, Mastercard, American Express, Discover, PayPal, Apple Pay, Google Pay, Klarna and Ridgeline gift cards.", [Installments, PaymentMethods]);

        Assert.Contains(wrong.Unsupported, c => c.Kind == ClaimKind.AskedEntity && c.Claim == "paypal");
        Assert.True(right.IsSupported, right.ToString());
    }

    [Fact]
    public void ReplyQuotingTheAnsweringPassageVerbatim_IsSupported()
    {
        var reply = "Yes, with Klarna's buy now, pay later option: choose Klarna at checkout to split orders between $35 and $1,000 into 4 interest-free payments, with the first payment due at checkout and the rest every two weeks.";

        var result = ClaimCheck.Check("Can I pay in installments?", reply, [Installments, PaymentMethods]);

        Assert.True(result.IsSupported, result.ToString());
    }

    [Fact]
    public void YesFrameIsUnsupportedWhenNoPassageMentionsWhatIsAsked()
    {
        var result = ClaimCheck.Check("do you accept bitcoin", "Yes, we accept Visa, Mastercard, American Express, Discover, PayPal, Apple Pay, Google Pay, Klarna and Ridgeline gift cards.", [PaymentMethods]);

        var claim = Assert.Single(result.Unsupported);
        Assert.Equal(ClaimKind.Polarity, claim.Kind);
        Assert.Contains("bitcoin", claim.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NoWeDont_IsUnsupportedWhenThePassageNeverNamesTheAskedCountry()
    {
        var result = ClaimCheck.Check("Do you ship to Australia?", "No, we don't ship there.", [International]);

        Assert.Contains(result.Unsupported, c => c.Kind == ClaimKind.Polarity);
        Assert.Contains(result.Unsupported, c => c.Kind == ClaimKind.AskedEntity && c.Claim == "Australia");
    }

    [Fact]
    public void UnfortunatelyFrame_NeedsANegationInThePassageNearTheAskedTerms()
    {
        var unsupported = ClaimCheck.Check("Can I ship to Canada?", "Unfortunately, we can't ship to Canada.", [International]);
        var supported = ClaimCheck.Check("Is overnight shipping free?", "No, expedited and overnight shipping cost extra and are never free.", [ShippingCost]);

        Assert.Contains(unsupported.Unsupported, c => c.Kind == ClaimKind.Polarity && c.Reason.Contains("nothing negative", StringComparison.Ordinal));
        Assert.True(supported.IsSupported, supported.ToString());
    }

    [Fact]
    public void YouCantInTheModelsOwnWords_IsANegativeFrame()
    {
        var result = ClaimCheck.Check("Can I pay with Klarna?", "You can't use that here. Choose Klarna at checkout.", [Installments]);

        Assert.Contains(result.Unsupported, c => c.Kind == ClaimKind.Polarity && c.Claim.StartsWith("You can", StringComparison.Ordinal));
    }

    [Fact]
    public void YesOrNoToAHowQuestion_IsUnsupported()
    {
        var result = ClaimCheck.Check("How do I return an item?", "No, you can't. Items marked Final Sale can't be returned.", ["Items marked Final Sale can't be returned."]);

        Assert.Contains(result.Unsupported, c => c.Kind == ClaimKind.Polarity && c.Reason.Contains("'how'", StringComparison.Ordinal));
    }

    [Fact]
    public void SayingThePassagesDoNotAnswer_IsNotANegativeFrame()
    {
        var result = ClaimCheck.Check("Do you ship to Mars?", "I'm not sure, I couldn't find that in our help articles.", [International]);

        Assert.True(result.IsSupported, result.ToString());
    }

    [Fact]
    public void NumberTheCitedPassageNeverStates_IsUnsupported()
    {
        var result = ClaimCheck.Check("how long do i have to return something", "You have 30 days from the delivery date to send back most items for a full refund.", [ReturnWindow]);

        var claim = Assert.Single(result.Unsupported);
        Assert.Equal(ClaimKind.Number, claim.Kind);
        Assert.Equal("30", claim.Claim);
    }

    [Fact]
    public void NumbersCompareNormalised_SpelledOutAndFormattedAlike()
    {
        var spelled = ClaimCheck.Check("how long do i have to return something", "You have sixty days, or ninety days as a Ridgeline Rewards member.", [ReturnWindow]);
        var price = ClaimCheck.Check("installments?", "Orders between $35.00 and $1000 can be split into four payments.", [Installments]);
        var wrongSpelled = ClaimCheck.Check("how long do i have to return something", "You have thirty days.", [ReturnWindow]);

        Assert.True(spelled.IsSupported, spelled.ToString());
        Assert.True(price.IsSupported, price.ToString());
        Assert.Equal("thirty", Assert.Single(wrongSpelled.Unsupported).Claim);
    }

    [Fact]
    public void PriceThePassageNeverStates_IsUnsupported()
    {
        var result = ClaimCheck.Check("how much is shipping", "Orders under $75 pay a flat $5.99 for standard shipping.", [ShippingCost]);

        Assert.Equal("$5.99", Assert.Single(result.Unsupported).Claim);
    }

    [Fact]
    public void PhoneNumberIsComparedWhole()
    {
        var wrong = ClaimCheck.Check("what is your phone number", "Call us at 1-800-555-0199.", [Contact]);
        var right = ClaimCheck.Check("what is your phone number", "Call us at (800) 555-0142.", [Contact]);

        Assert.Equal(ClaimKind.Number, Assert.Single(wrong.Unsupported).Kind);
        Assert.True(right.IsSupported, right.ToString());
    }

    [Fact]
    public void ProperNounTheCitedPassagesNeverName_IsUnsupported()
    {
        var result = ClaimCheck.Check("what payment methods do you accept", "We accept Visa, PayPal and Venmo.", [PaymentMethods]);

        var claim = Assert.Single(result.Unsupported);
        Assert.Equal(ClaimKind.Name, claim.Kind);
        Assert.Equal("Venmo", claim.Claim);
    }

    [Fact]
    public void NameFromAPassageTheReplyDoesNotCite_IsUnsupported()
    {
        // The reply quotes the installments entry, so it cites that entry alone; PayPal is only in the other passage.
        var result = ClaimCheck.Check(
            "what payment methods do you accept",
            "PayPal works too. Klarna approval is decided by Klarna, and choose Klarna at checkout to split orders between $35 and $1,000 into 4 interest-free payments, with the first payment due at checkout and the rest every two weeks.",
            [Installments, PaymentMethods]);

        Assert.Contains(result.Unsupported, c => c.Kind == ClaimKind.Name && c.Claim == "PayPal");
    }

    [Fact]
    public void CompanyNameAndSentenceStarts_AreNotNameClaims()
    {
        var result = ClaimCheck.Check(
            "how long is standard shipping",
            "Thanks for asking Ridgeline Outfitters! Standard shipping is free when you spend $75 or more [1].",
            [ShippingCost],
            allowedNames: ["Ridgeline Outfitters"]);

        Assert.True(result.IsSupported, result.ToString());
    }

    [Fact]
    public void PassageOwnNegationQuotedVerbatim_IsNotAFrameOfTheModel()
    {
        var result = ClaimCheck.Check(
            "how much does expedited shipping cost",
            "Sure! Expedited and overnight shipping cost extra and are never free.",
            [ShippingCost]);

        Assert.True(result.IsSupported, result.ToString());
    }

    [Fact]
    public void AYesCopiedFromAnotherEntry_IsABorrowedFrame()
    {
        var result = ClaimCheck.BorrowedFrames(
            "Can I return used gear?",
            "Items from other brands must be unused. Yes. The Ridgeline Repair Shop fixes gear from any brand, in or out of warranty.",
            [("Do you repair gear?", "Yes. The Ridgeline Repair Shop fixes gear from any brand, in or out of warranty.")]);

        var claim = Assert.Single(result.Unsupported);
        Assert.Equal(ClaimKind.Polarity, claim.Kind);
        Assert.Equal("Yes", claim.Claim);
    }

    [Fact]
    public void AYesCopiedFromTheEntryThatAnswersTheQuestion_IsNotBorrowed()
    {
        var result = ClaimCheck.BorrowedFrames(
            "do you deliver to canada",
            "Yes, we deliver to Canada and 28 other countries.",
            [("Do you ship internationally?", "Yes, we deliver to Canada and 28 other countries: the United Kingdom and all 27 European Union countries.")]);

        Assert.True(result.IsSupported, result.ToString());
    }

    [Theory]
    [InlineData("Yes, we deliver to Canada.", "We deliver to Canada.")]
    [InlineData("Yes. Standard shipping costs $6.95.", "Standard shipping costs $6.95.")]
    [InlineData("No, the Cirrus is water-resistant, not waterproof.", "The Cirrus is water-resistant, not waterproof.")]
    [InlineData("Unfortunately, we don't ship there.", "We don't ship there.")]
    public void WithoutOpeningFrame_DropsTheYesOrNoAndKeepsTheFacts(string text, string expected)
    {
        Assert.Equal(expected, ClaimCheck.WithoutOpeningFrame(text));
    }

    [Theory]
    [InlineData("We deliver to Canada.")]
    [InlineData("No problem is too small for our team.")]
    [InlineData("Yes.")]
    public void WithoutOpeningFrame_IsNullWithoutAFrameOrWithNothingAfterIt(string text)
    {
        Assert.Null(ClaimCheck.WithoutOpeningFrame(text));
    }
}
