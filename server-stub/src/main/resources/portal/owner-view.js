// The owner's own live view: plays the ticketed HLS address with hls.js wherever the browser has
// Media Source Extensions (one player everywhere; browsers' own HLS differ in what they accept),
// leaving the <video> element's own src to browsers without them (iOS Safari) and to pages without
// this script; says what the player is doing, and renews the view's ticket while the page is open.
(function () {
  'use strict';
  var video = document.getElementById('live');
  var state = document.getElementById('player-state');
  var address = video.getAttribute('src');

  function say(text) {
    state.textContent = text;
  }

  video.addEventListener('playing', function () { say('Playing live.'); });
  video.addEventListener('waiting', function () { say('Waiting for video…'); });

  if (window.Hls && window.Hls.isSupported()) {
    video.removeAttribute('src');
    video.load();
    var hls = new window.Hls({ liveSyncDurationCount: 3 });
    hls.on(window.Hls.Events.ERROR, function (event, data) {
      if (data.fatal) {
        say('The video stopped: ' + data.details + '. Reload the page to try again.');
      }
    });
    hls.loadSource(address);
    hls.attachMedia(video);
    hls.on(window.Hls.Events.MANIFEST_PARSED, function () {
      video.play().catch(function () { say('Press play to start the video.'); });
    });
  }

  var renewEvery = Math.max(10, parseInt(video.dataset.renewSeconds, 10) || 60) * 1000;
  setInterval(function () {
    var body = new URLSearchParams();
    body.set('form_token', video.dataset.formToken);
    body.set('session', video.dataset.session);
    fetch(video.dataset.renew, { method: 'POST', body: body, credentials: 'same-origin' }).then(function (answer) {
      if (!answer.ok) {
        say('This view has ended. Reload the page to watch again.');
      }
    });
  }, renewEvery);
}());
