// npm run bench:gpu's Node side: written in the next commit.
