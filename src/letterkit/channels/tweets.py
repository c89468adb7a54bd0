"""Tweets: counted as Twitter counts them, packed into as few as the asks need.

Twitter weighs characters (twitter-text v3): most count one, CJK and emoji two,
any link 23, over 280 in all. ``twitter-text-parser`` implements those rules; it
is imported only when a tweet is made, as it costs a fifth of a second to load.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

from letterkit.errors import NotComposableError
from letterkit.message import Tweet

TWEET_LIMIT = 280
INTENT = "https://twitter.com/intent/tweet?text="

T = TypeVar("T")


def weighted_length(text: str) -> int:
    """The length of *text* as Twitter counts it."""
    from twitter_text import parse_tweet

    return int(parse_tweet(text).weightedLength)


def make_tweet(text: str) -> Tweet:
    """One tweet, with its intent link; refused if Twitter would refuse it."""
    weighted = weighted_length(text)
    if weighted > TWEET_LIMIT:
        raise NotComposableError(
            f"the tweet is {weighted} characters as Twitter counts them, {weighted - TWEET_LIMIT} "
            f"over {TWEET_LIMIT}: shorten the sentence about yourself"
        )
    return Tweet(text=text, weighted_length=weighted, url=INTENT + quote(text, safe=""))


THREAD_MARK = " {number}/{count}"
_MARK_ROOM = len(" 99/99")
"""Kept free in each tweet of a thread for its number."""


def pack(items: Sequence[T], tweet_of: Callable[[list[T], bool], str]) -> list[str]:
    """One tweet if all *items* fit in it, else a numbered thread (``1/3``, ``2/3``, ...).

    *tweet_of* makes the text of one tweet from a group of items (the asks), and
    whether it is the first: the first says who writes and why, the rest go on
    from it, so that no two tweets of a thread read alike.
    """
    whole = tweet_of(list(items), True)
    if not items or weighted_length(whole) <= TWEET_LIMIT:
        return [whole]
    room = TWEET_LIMIT - _MARK_ROOM
    groups: list[list[T]] = []
    for item in items:
        if groups and weighted_length(tweet_of([*groups[-1], item], len(groups) == 1)) <= room:
            groups[-1].append(item)
        else:
            groups.append([item])
    count = len(groups)
    return [
        tweet_of(group, number == 1) + THREAD_MARK.format(number=number, count=count)
        for number, group in enumerate(groups, start=1)
    ]


def tweet_fields(text: str) -> tuple[str, dict[str, Any]]:
    """The tweets of a rendered text (one per paragraph, each on one line), and its fields."""
    tweets = [make_tweet(" ".join(part.split())) for part in text.split("\n\n") if part.strip()]
    fields = {
        "tweets": tweets,
        "weighted_length": max(tweet.weighted_length for tweet in tweets),
        "url": tweets[0].url,
    }
    return "\n\n".join(tweet.text for tweet in tweets), fields
